package dev.stride.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * S3Proxy serving the S3 API on loopback from a folder (its filesystem back end): a real S3 server
 * that the MinIO client talks to as it would to MinIO. A bucket is a sub-folder.
 */
public final class S3Server implements AutoCloseable {

  private static final String CLASS_PATH = "/META-INF/stride/s3-runtime.classpath";
  private static final List<String> JVM_OPTIONS =
      List.of("-Xms64m", "-Xmx512m", "-XX:+UseSerialGC", "-Djava.awt.headless=true");
  // S3Proxy logs through logback, which says everything at DEBUG unless told otherwise
  private static final String LOGBACK =
      """
      <configuration>
        <appender name="out" class="ch.qos.logback.core.ConsoleAppender">
          <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{36} - %msg%n</pattern></encoder>
        </appender>
        <root level="WARN"><appender-ref ref="out"/></root>
        <logger name="org.gaul.s3proxy" level="INFO"/>
      </configuration>
      """;

  private final Path dir;
  private final int port;
  private final String accessKey;
  private final String secretKey;
  private ChildJvm process;

  S3Server(Path dir, int port, String accessKey, String secretKey) {
    this.dir = dir;
    this.port = port;
    this.accessKey = accessKey;
    this.secretKey = secretKey;
  }

  void start(Duration timeout) {
    Path config = writeConfig();
    List<String> jvmOptions = new java.util.ArrayList<>(JVM_OPTIONS);
    jvmOptions.add("-Dlogback.configurationFile=" + dir.resolve("logback.xml"));
    process =
        ChildJvm.start(
            "S3 server",
            CLASS_PATH,
            jvmOptions,
            "org.gaul.s3proxy.Main",
            List.of("--properties", config.toString()),
            dir.resolve("s3proxy.log"));
    awaitReady(timeout);
  }

  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  public String accessKey() {
    return accessKey;
  }

  public String secretKey() {
    return secretKey;
  }

  /**
   * Creates a bucket if it does not exist (the filesystem back end keeps one folder per bucket).
   */
  public void createBucket(String bucket) {
    try {
      Files.createDirectories(dir.resolve("buckets").resolve(bucket));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stops the server with SIGKILL; {@link #restart} brings it back with the same data. */
  public void kill() {
    process.kill();
  }

  public void restart(Duration timeout) {
    close();
    start(timeout);
  }

  public Path log() {
    return dir.resolve("s3proxy.log");
  }

  @Override
  public void close() {
    if (process != null) {
      process.close();
    }
  }

  private void awaitReady(Duration timeout) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    HttpRequest probe =
        HttpRequest.newBuilder(URI.create(endpoint() + "/")).timeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (true) {
        process.checkAlive();
        try {
          // any HTTP answer (403 for an unsigned request) means the server is up
          http.send(probe, HttpResponse.BodyHandlers.discarding());
          return;
        } catch (IOException e) {
          if (System.nanoTime() > deadline) {
            close();
            throw new DevStackException(
                "S3 server did not answer on "
                    + endpoint()
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
      throw new DevStackException("interrupted while waiting for the S3 server", e);
    }
  }

  private Path writeConfig() {
    String config =
        String.join(
            "\n",
            "s3proxy.endpoint=" + endpoint(),
            "s3proxy.authorization=aws-v2-or-v4",
            "s3proxy.identity=" + accessKey,
            "s3proxy.credential=" + secretKey,
            "s3proxy.ignore-unknown-headers=true",
            "jclouds.provider=filesystem-nio2",
            "jclouds.identity=" + accessKey,
            "jclouds.credential=" + secretKey,
            "jclouds.filesystem.basedir=" + dir.resolve("buckets"),
            "");
    try {
      Files.createDirectories(dir.resolve("buckets"));
      Path file = dir.resolve("s3proxy.properties");
      Files.writeString(file, config, StandardCharsets.UTF_8);
      Files.writeString(dir.resolve("logback.xml"), LOGBACK, StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
