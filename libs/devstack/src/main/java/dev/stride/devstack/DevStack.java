package dev.stride.devstack;

import dev.stride.contracts.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The local stack: a Kafka broker and an S3 server on loopback, each in its own JVM, keeping their
 * data under one folder. Stride's topics and bucket exist once {@link #start} returns.
 *
 * <pre>{@code
 * try (DevStack stack = DevStack.builder().setDirectory(dir).build()) {
 *   stack.start();
 *   stack.kafka().bootstrapServers(); // 127.0.0.1:port
 *   stack.s3().endpoint();            // http://127.0.0.1:port
 * }
 * }</pre>
 */
public final class DevStack implements AutoCloseable {

  public static final String DEFAULT_BUCKET = "stride";
  public static final String DEFAULT_ACCESS_KEY = "stride";
  public static final String DEFAULT_SECRET_KEY = "stride-secret";

  private final Path directory;
  private final KafkaBroker kafka;
  private final S3Server s3;
  private final String bucket;
  private final Map<String, Integer> topics;
  private final Duration startTimeout;

  private DevStack(Builder builder) {
    this.directory = builder.directory;
    this.kafka =
        new KafkaBroker(directory.resolve("kafka"), portOrFree(builder.kafkaPort), freePort());
    this.s3 =
        new S3Server(
            directory.resolve("s3"),
            portOrFree(builder.s3Port),
            builder.accessKey,
            builder.secretKey);
    this.bucket = builder.bucket;
    this.topics = builder.topics;
    this.startTimeout = builder.startTimeout;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Starts both servers (in parallel) and creates the topics and the bucket. */
  public DevStack start() {
    Thread s3Start = new Thread(() -> s3.start(startTimeout), "devstack-s3-start");
    RuntimeException[] s3Failure = new RuntimeException[1];
    s3Start.setUncaughtExceptionHandler((t, e) -> s3Failure[0] = asRuntime(e));
    s3Start.start();
    try {
      kafka.start(startTimeout);
      kafka.createTopics(topics);
      s3Start.join();
      if (s3Failure[0] != null) {
        throw s3Failure[0];
      }
      s3.createBucket(bucket);
      return this;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new DevStackException("interrupted while starting the devstack", e);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  public KafkaBroker kafka() {
    return kafka;
  }

  public S3Server s3() {
    return s3;
  }

  public String bucket() {
    return bucket;
  }

  public Path directory() {
    return directory;
  }

  /**
   * The settings a Stride service needs to reach this stack, as configuration properties (the names
   * every service reads).
   */
  public Map<String, String> serviceProperties() {
    Map<String, String> props = new LinkedHashMap<>();
    props.put("kafka.bootstrap.servers", kafka.bootstrapServers());
    props.put("stride.store.endpoint", s3.endpoint());
    props.put("stride.store.access-key", s3.accessKey());
    props.put("stride.store.secret-key", s3.secretKey());
    props.put("stride.store.bucket", bucket);
    return props;
  }

  @Override
  public void close() {
    try {
      kafka.close();
    } finally {
      s3.close();
    }
  }

  private static RuntimeException asRuntime(Throwable e) {
    return e instanceof RuntimeException r ? r : new DevStackException(e.getMessage(), e);
  }

  private static int portOrFree(int port) {
    return port > 0 ? port : freePort();
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on loopback", e);
    }
  }

  /** DJL-style builder: {@code set*} is required, {@code opt*} has a default. */
  public static final class Builder {

    private Path directory;
    private int kafkaPort;
    private int s3Port;
    private String bucket = DEFAULT_BUCKET;
    private String accessKey = DEFAULT_ACCESS_KEY;
    private String secretKey = DEFAULT_SECRET_KEY;
    private Duration startTimeout = Duration.ofSeconds(90);
    private final Map<String, Integer> topics = new LinkedHashMap<>();

    private Builder() {
      // training.requests is shared by the trainers group: room for several workers
      Topics.ALL.forEach(topic -> topics.put(topic, 1));
      topics.put(Topics.TRAINING_REQUESTS, 4);
      // as in deploy/: every topic has its dead-letter topic, made before any consumer writes to it
      Topics.ALL.forEach(topic -> topics.put(Topics.deadLetter(topic), 1));
    }

    /** Where the broker's log segments, the bucket folders and both servers' logs go. */
    public Builder setDirectory(Path directory) {
      this.directory = directory;
      return this;
    }

    /** Kafka's port; 0 (the default) picks a free one. */
    public Builder optKafkaPort(int port) {
      this.kafkaPort = port;
      return this;
    }

    /** The S3 server's port; 0 (the default) picks a free one. */
    public Builder optS3Port(int port) {
      this.s3Port = port;
      return this;
    }

    public Builder optBucket(String bucket) {
      this.bucket = bucket;
      return this;
    }

    public Builder optCredentials(String accessKey, String secretKey) {
      this.accessKey = accessKey;
      this.secretKey = secretKey;
      return this;
    }

    /** Sets the partition count of a topic to create (Stride's topics are always created). */
    public Builder optTopic(String topic, int partitions) {
      topics.put(topic, partitions);
      return this;
    }

    public Builder optStartTimeout(Duration timeout) {
      this.startTimeout = timeout;
      return this;
    }

    public DevStack build() {
      if (directory == null) {
        throw new IllegalArgumentException("setDirectory is required: where the stack keeps data");
      }
      try {
        Files.createDirectories(directory);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create " + directory, e);
      }
      return new DevStack(this);
    }
  }
}
