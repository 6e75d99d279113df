package dev.stride.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * A single-node Apache Kafka broker in KRaft mode (broker and controller in one process), from
 * Kafka's own Maven artifacts, listening on loopback. Its log directory survives a restart.
 */
public final class KafkaBroker implements AutoCloseable {

  private static final String CLASS_PATH = "/META-INF/stride/kafka-runtime.classpath";
  private static final List<String> JVM_OPTIONS =
      List.of(
          "-Xms128m",
          "-Xmx768m",
          "-XX:+UseSerialGC",
          "-Djava.awt.headless=true",
          "-Dorg.slf4j.simpleLogger.showDateTime=true",
          "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS");

  private final Path dir;
  private final int port;
  private final int controllerPort;
  private ChildJvm process;

  KafkaBroker(Path dir, int port, int controllerPort) {
    this.dir = dir;
    this.port = port;
    this.controllerPort = controllerPort;
  }

  /** Formats the storage on first use, starts the broker and waits until it answers. */
  void start(Duration timeout) {
    Path config = writeConfig();
    if (!Files.exists(dir.resolve("data").resolve("meta.properties"))) {
      ChildJvm.run(
          "kafka storage format",
          CLASS_PATH,
          "kafka.tools.StorageTool",
          List.of("format", "-t", Uuid.randomUuid().toString(), "-c", config.toString()),
          dir.resolve("format.log"),
          timeout);
    }
    process =
        ChildJvm.start(
            "kafka broker",
            CLASS_PATH,
            JVM_OPTIONS,
            "kafka.Kafka",
            List.of(config.toString()),
            dir.resolve("broker.log"));
    awaitReady(timeout);
  }

  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  /** Creates topics that do not exist yet; existing ones are left as they are. */
  public void createTopics(Map<String, Integer> partitionsByTopic) {
    try (Admin admin = admin()) {
      List<NewTopic> topics = new ArrayList<>();
      partitionsByTopic.forEach(
          (name, partitions) -> topics.add(new NewTopic(name, partitions, (short) 1)));
      for (var result : admin.createTopics(topics).values().entrySet()) {
        try {
          result.getValue().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new DevStackException("cannot create topic " + result.getKey(), e.getCause());
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DevStackException("interrupted while creating topics", e);
    } catch (TimeoutException e) {
      throw new DevStackException("the broker did not create topics within 30 s", e);
    }
  }

  /** Stops the broker with SIGKILL, as a crash would. {@link #restart} brings it back. */
  public void kill() {
    process.kill();
  }

  /** Starts the broker again on the same ports and data, after {@link #kill} or {@link #close}. */
  public void restart(Duration timeout) {
    close();
    start(timeout);
  }

  public Path log() {
    return dir.resolve("broker.log");
  }

  @Override
  public void close() {
    if (process != null) {
      process.close();
    }
  }

  private Admin admin() {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
    return Admin.create(props);
  }

  private void awaitReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Admin admin = admin()) {
      while (true) {
        process.checkAlive();
        try {
          admin.describeCluster().nodes().get(2, TimeUnit.SECONDS);
          admin.listTopics().names().get(2, TimeUnit.SECONDS);
          return;
        } catch (ExecutionException | TimeoutException e) {
          if (System.nanoTime() > deadline) {
            close();
            throw new DevStackException(
                "Kafka did not answer on "
                    + bootstrapServers()
                    + " within "
                    + timeout
                    + ": "
                    + process.tail());
          }
          TimeUnit.MILLISECONDS.sleep(200);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new DevStackException("interrupted while waiting for Kafka", e);
    }
  }

  private Path writeConfig() {
    Path data = dir.resolve("data");
    String config =
        String.join(
            "\n",
            "process.roles=broker,controller",
            "node.id=1",
            "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
            "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
            "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
            "controller.listener.names=CONTROLLER",
            "inter.broker.listener.name=PLAINTEXT",
            "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
            "log.dirs=" + data,
            "num.partitions=1",
            "offsets.topic.replication.factor=1",
            "offsets.topic.num.partitions=5",
            "transaction.state.log.replication.factor=1",
            "transaction.state.log.min.isr=1",
            "share.coordinator.state.topic.replication.factor=1",
            "share.coordinator.state.topic.min.isr=1",
            // a consumer group forms at once instead of after 3 s
            "group.initial.rebalance.delay.ms=0",
            "auto.create.topics.enable=true",
            "");
    try {
      Files.createDirectories(data);
      Path file = dir.resolve("server.properties");
      Files.writeString(file, config, StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
