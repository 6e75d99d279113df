package dev.stride.predictor.inference;

/** A request waited longer than the configured timeout for its batch. */
public class BusyException extends RuntimeException {

  public BusyException(String message) {
    super(message);
  }
}
