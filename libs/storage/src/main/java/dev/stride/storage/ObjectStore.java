package dev.stride.storage;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import dev.stride.contracts.Json;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.UploadObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Item;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stride's objects in one bucket of an S3 store (MinIO, S3Proxy, AWS), through the MinIO SDK. Every
 * call retries transient failures (connection errors, 5xx) with exponential backoff; a 4xx answer
 * fails at once. A put is atomic: readers see the whole new object or none of it.
 */
public final class ObjectStore {

  public static final String JSON = "application/json";
  public static final String BINARY = "application/octet-stream";
  public static final String PNG = "image/png";

  /** S3 error codes worth another try. */
  private static final Set<String> TRANSIENT_CODES =
      Set.of("InternalError", "ServiceUnavailable", "SlowDown", "RequestTimeout");

  private static final Duration[] LATENCY_BUCKETS = {
    Duration.ofMillis(5),
    Duration.ofMillis(25),
    Duration.ofMillis(100),
    Duration.ofMillis(500),
    Duration.ofSeconds(2),
    Duration.ofSeconds(10)
  };

  private static final System.Logger LOG = System.getLogger(ObjectStore.class.getName());

  private final MinioClient client;
  private final String bucket;
  private final int attempts;
  private final Duration firstDelay;
  private final Duration maxDelay;
  private final MeterRegistry meters;

  private ObjectStore(
      MinioClient client,
      String bucket,
      int attempts,
      Duration firstDelay,
      Duration maxDelay,
      MeterRegistry meters) {
    this.client = client;
    this.bucket = bucket;
    this.attempts = attempts;
    this.firstDelay = firstDelay;
    this.maxDelay = maxDelay;
    this.meters = meters;
  }

  /**
   * A store that rides out an outage of about half a minute ({@link StoreRetryConfig#DEFAULTS}).
   */
  public static ObjectStore connect(StoreConfig config) {
    return connect(config, StoreRetryConfig.DEFAULTS);
  }

  /**
   * A store whose calls are tried {@code retry.attempts()} times, {@code retry.firstDelay()} apart
   * at first, doubling up to {@code retry.maxDelay()}; beyond that a call fails with {@link
   * StorageException}.
   *
   * @throws IllegalArgumentException naming the {@code stride.store.retry.*} key that is out of
   *     range
   */
  public static ObjectStore connect(StoreConfig config, StoreRetryConfig retry) {
    return connect(config, retry.attempts(), retry.firstDelay(), retry.maxDelay());
  }

  /**
   * @param attempts tries per operation, the first included
   * @param firstDelay wait before the second try; doubled for each later one up to {@code maxDelay}
   */
  public static ObjectStore connect(
      StoreConfig config, int attempts, Duration firstDelay, Duration maxDelay) {
    if (attempts < 1) {
      throw new IllegalArgumentException(
          "stride.store.retry.attempts must be at least 1, was " + attempts);
    }
    if (firstDelay.isNegative() || firstDelay.isZero()) {
      throw new IllegalArgumentException(
          "stride.store.retry.first-delay must be positive, was " + firstDelay);
    }
    if (firstDelay.compareTo(maxDelay) >= 0) {
      // Failsafe's backoff needs room to grow
      throw new IllegalArgumentException(
          "stride.store.retry.max-delay must be longer than first-delay ("
              + firstDelay
              + "), was "
              + maxDelay);
    }
    MinioClient client =
        MinioClient.builder()
            .endpoint(config.endpoint())
            .credentials(config.accessKey(), config.secretKey())
            .region(config.region())
            .build();
    // an empty composite registry records nothing: unmeasured until withMetrics
    return new ObjectStore(
        client, config.bucket(), attempts, firstDelay, maxDelay, new CompositeMeterRegistry());
  }

  /**
   * The same store, timing every call in {@code registry}: {@code stride_store_operation_seconds}
   * by operation and outcome ({@code success}, {@code not-found}, {@code error}), and {@code
   * stride_store_retries_total} by operation.
   */
  public ObjectStore withMetrics(MeterRegistry registry) {
    return new ObjectStore(client, bucket, attempts, firstDelay, maxDelay, registry);
  }

  public String bucket() {
    return bucket;
  }

  /** Creates the bucket unless it exists. */
  public void ensureBucket() {
    call(
        "create bucket",
        bucket,
        () -> {
          if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
            client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
          }
          return null;
        });
  }

  public void put(String key, byte[] bytes, String contentType) {
    call(
        "put",
        key,
        () ->
            client.putObject(
                PutObjectArgs.builder().bucket(bucket).object(key).contentType(contentType).stream(
                        new ByteArrayInputStream(bytes), bytes.length, -1)
                    .build()));
  }

  /** Stores {@code document} as indented JSON. */
  public void putJson(String key, Object document) {
    put(key, Json.toPrettyBytes(document), JSON);
  }

  /** Uploads a file (in parts, if it is large). */
  public void putFile(String key, Path file, String contentType) {
    call(
        "upload",
        key,
        () ->
            client.uploadObject(
                UploadObjectArgs.builder()
                    .bucket(bucket)
                    .object(key)
                    .filename(file.toString())
                    .contentType(contentType)
                    .build()));
  }

  /**
   * @throws ObjectNotFoundException if there is no such object
   */
  public byte[] get(String key) {
    return call(
        "get",
        key,
        () -> {
          try (InputStream in =
              client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
            return in.readAllBytes();
          }
        });
  }

  /**
   * Reads a JSON document.
   *
   * @throws ObjectNotFoundException if there is no such object
   * @throws StorageException if it is not valid JSON for {@code type}
   */
  public <T> T getJson(String key, Class<T> type) {
    byte[] bytes = get(key);
    try {
      return Json.fromBytes(bytes, type);
    } catch (IOException e) {
      throw new StorageException(
          key + " is not a valid " + type.getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  /** The JSON document at {@code key}, or empty if there is none. */
  public <T> Optional<T> findJson(String key, Class<T> type) {
    try {
      return Optional.of(getJson(key, type));
    } catch (ObjectNotFoundException e) {
      return Optional.empty();
    }
  }

  /** Copies an object to a local file, replacing it. */
  public void download(String key, Path target) {
    call(
        "download",
        key,
        () -> {
          try (InputStream in =
              client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
          }
          return null;
        });
  }

  public Optional<ObjectInfo> stat(String key) {
    try {
      StatObjectResponse stat =
          call(
              "stat",
              key,
              () -> client.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build()));
      return Optional.of(new ObjectInfo(key, stat.size()));
    } catch (ObjectNotFoundException e) {
      return Optional.empty();
    }
  }

  public boolean exists(String key) {
    return stat(key).isPresent();
  }

  /** Every object whose key starts with {@code prefix}, in key order. */
  public List<ObjectInfo> list(String prefix) {
    return call(
        "list",
        prefix,
        () -> {
          List<ObjectInfo> objects = new ArrayList<>();
          for (Result<Item> result :
              client.listObjects(
                  ListObjectsArgs.builder()
                      .bucket(bucket)
                      .prefix(prefix)
                      .recursive(true)
                      .build())) {
            Item item = result.get();
            objects.add(new ObjectInfo(item.objectName(), item.size()));
          }
          return objects;
        });
  }

  public void delete(String key) {
    call(
        "delete",
        key,
        () -> {
          client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build());
          return null;
        });
  }

  /** Deletes every object under {@code prefix}. */
  public void deletePrefix(String prefix) {
    for (ObjectInfo object : list(prefix)) {
      delete(object.key());
    }
  }

  @FunctionalInterface
  private interface StoreCall<T> {
    T run() throws Exception;
  }

  private <T> T call(String operation, String key, StoreCall<T> action) {
    long start = System.nanoTime();
    AtomicInteger tries = new AtomicInteger();
    String outcome = "error";
    try {
      // each retry is logged with the call it repeats, so an outage shows in the service's log
      RetryPolicy<Object> policy =
          RetryPolicy.builder()
              .handleIf(ObjectStore::isTransient)
              .withBackoff(firstDelay, maxDelay)
              .withMaxAttempts(attempts)
              .onRetry(
                  event ->
                      LOG.log(
                          System.Logger.Level.WARNING,
                          "{0} {1}/{2} failed ({3}); try {4} of {5}",
                          operation,
                          bucket,
                          key,
                          describe(event.getLastException()),
                          event.getAttemptCount() + 1,
                          attempts))
              .build();
      T result =
          Failsafe.with(policy)
              .get(
                  () -> {
                    tries.incrementAndGet();
                    return action.run();
                  });
      outcome = "success";
      return result;
    } catch (FailsafeException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof ErrorResponseException error
          && ("NoSuchKey".equals(error.errorResponse().code())
              || "NoSuchObject".equals(error.errorResponse().code()))) {
        outcome = "not-found";
        throw new ObjectNotFoundException(key, cause);
      }
      throw new StorageException(
          operation + " " + bucket + "/" + key + " failed: " + describe(cause), cause);
    } finally {
      measure(operation, outcome, System.nanoTime() - start, tries.get() - 1);
    }
  }

  private void measure(String operation, String outcome, long nanos, int retries) {
    Timer.builder("stride.store.operation")
        .description("Object-store calls, retries included, by operation and outcome")
        .tag("operation", operation)
        .tag("outcome", outcome)
        .serviceLevelObjectives(LATENCY_BUCKETS)
        .register(meters)
        .record(nanos, TimeUnit.NANOSECONDS);
    if (retries > 0) {
      Counter.builder("stride.store.retries")
          .description("Object-store calls tried again after a transient failure")
          .tag("operation", operation)
          .register(meters)
          .increment(retries);
    }
  }

  private static boolean isTransient(Throwable e) {
    if (e instanceof ErrorResponseException error) {
      return TRANSIENT_CODES.contains(error.errorResponse().code());
    }
    return e instanceof IOException || e instanceof io.minio.errors.ServerException;
  }

  private static String describe(Throwable e) {
    if (e instanceof ErrorResponseException error) {
      return error.errorResponse().code() + " (" + error.errorResponse().message() + ")";
    }
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }
}
