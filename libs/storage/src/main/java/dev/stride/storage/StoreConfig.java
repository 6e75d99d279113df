package dev.stride.storage;

/**
 * How to reach the object store. Services bind it as a config group ({@code <service>.store.*},
 * defaulting to {@code stride.store.*}); plain Java code uses {@link StoreSettings}.
 */
public interface StoreConfig {

  /** S3 API endpoint, e.g. {@code http://127.0.0.1:9000}. */
  String endpoint();

  String accessKey();

  String secretKey();

  /** The bucket holding every Stride object. */
  String bucket();

  /** S3 region; MinIO and S3Proxy accept any. */
  String region();
}
