package dev.stride.storage;

/** A dataset cannot be read: it does not exist, or its objects do not match its manifest. */
public class DatasetUnavailableException extends RuntimeException {

  public DatasetUnavailableException(String message) {
    super(message);
  }
}
