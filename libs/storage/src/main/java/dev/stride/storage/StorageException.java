package dev.stride.storage;

/** An object-store operation failed after its retries; the message names operation and key. */
public class StorageException extends RuntimeException {

  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
