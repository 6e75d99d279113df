package dev.stride.cli.stack;

import dev.stride.contracts.Json;
import dev.stride.devstack.stack.LocalStack;
import dev.stride.devstack.stack.Service;
import dev.stride.devstack.stack.StackException;
import dev.stride.devstack.stack.StackPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code stride up}: the local stack in the background. */
@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    description = "Starts Kafka, S3 and the four services in the background and prints their URLs.")
public final class UpCommand implements Callable<Integer> {

  @Option(names = "--dir", description = "Data and logs (default: .stride/stack in the checkout).")
  Path dir;

  @Option(
      names = "--kafka-port",
      defaultValue = "9092",
      description = "Kafka port (default ${DEFAULT-VALUE}).")
  int kafkaPort;

  @Option(
      names = "--s3-port",
      defaultValue = "9000",
      description = "S3 port (default ${DEFAULT-VALUE}).")
  int s3Port;

  @Override
  public Integer call() throws Exception {
    Path directory = dir != null ? dir : StackPaths.stateDirectory().resolve("stack");
    Path stackFile = directory.resolve("stack.json");
    if (Files.exists(stackFile)) {
      System.err.println("a stack is already up (" + stackFile + "); run: bin/stride down");
      return 1;
    }
    Map<String, Integer> ports =
        Map.of(
            "kafka", kafkaPort,
            "s3", s3Port,
            "ingestion", Service.INGESTION.defaultPort(),
            "trainer", Service.TRAINER.defaultPort(),
            "evaluator", Service.EVALUATOR.defaultPort(),
            "predictor", Service.PREDICTOR.defaultPort(),
            "console", Service.CONSOLE.defaultPort());
    System.out.println("Starting Stride in " + directory.toAbsolutePath());
    try {
      LocalStack stack = LocalStack.start(directory, false, ports, System.out);
      Files.write(stackFile, Json.toPrettyBytes(stack.describe()));
    } catch (StackException | IllegalStateException e) {
      System.err.println("stride up failed: " + e.getMessage());
      return 1;
    }
    System.out.println(
        "Stride is up. Logs: " + directory.resolve("logs") + ". Stop it with: bin/stride down");
    return 0;
  }
}
