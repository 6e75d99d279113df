package dev.stride.storage;

/** The key does not exist in the bucket. */
public class ObjectNotFoundException extends StorageException {

  private final String key;

  public ObjectNotFoundException(String key, Throwable cause) {
    super("no object at " + key, cause);
    this.key = key;
  }

  public String key() {
    return key;
  }
}
