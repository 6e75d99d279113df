package dev.stride.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the local stack in the foreground until Ctrl-C or SIGTERM. */
@Command(
    name = "devstack",
    mixinStandardHelpOptions = true,
    description = "Runs a Kafka broker (KRaft) and an S3 server on loopback until stopped.")
public final class DevStackMain implements Callable<Integer> {

  @Option(names = "--dir", required = true, description = "Folder for data and logs.")
  Path dir;

  @Option(
      names = "--kafka-port",
      defaultValue = "0",
      description = "Kafka port; 0 picks a free one.")
  int kafkaPort;

  @Option(names = "--s3-port", defaultValue = "0", description = "S3 port; 0 picks a free one.")
  int s3Port;

  @Option(
      names = "--ready-file",
      description = "When ready, write the settings services need to this properties file.")
  Path readyFile;

  @Option(
      names = "--bucket",
      defaultValue = DevStack.DEFAULT_BUCKET,
      description = "Bucket to create.")
  String bucket;

  public static void main(String[] args) {
    System.exit(new CommandLine(new DevStackMain()).execute(args));
  }

  @Override
  public Integer call() throws InterruptedException, IOException {
    DevStack stack =
        DevStack.builder()
            .setDirectory(dir)
            .optKafkaPort(kafkaPort)
            .optS3Port(s3Port)
            .optBucket(bucket)
            .build()
            .start();
    DevStackControl control = DevStackControl.start(stack);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  control.close();
                  stack.close();
                  stopped.countDown();
                }));
    // one line per setting, machine-readable, for whoever started us
    StringBuilder settings = new StringBuilder();
    stack
        .serviceProperties()
        .forEach((key, value) -> settings.append(key).append('=').append(value).append('\n'));
    settings.append(DevStackControl.URL_PROPERTY).append('=').append(control.url()).append('\n');
    if (readyFile != null) {
      Path partial = readyFile.resolveSibling(readyFile.getFileName() + ".tmp");
      Files.writeString(partial, settings);
      Files.move(partial, readyFile, StandardCopyOption.ATOMIC_MOVE);
    }
    System.out.print(settings);
    System.out.println("devstack ready");
    System.out.flush();
    stopped.await();
    return 0;
  }
}
