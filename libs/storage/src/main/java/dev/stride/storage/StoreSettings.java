package dev.stride.storage;

/** {@link StoreConfig} as a value, for code that is not configured by a framework. */
public record StoreSettings(
    String endpoint, String accessKey, String secretKey, String bucket, String region)
    implements StoreConfig {

  public static final String DEFAULT_REGION = "us-east-1";

  public StoreSettings(String endpoint, String accessKey, String secretKey, String bucket) {
    this(endpoint, accessKey, secretKey, bucket, DEFAULT_REGION);
  }
}
