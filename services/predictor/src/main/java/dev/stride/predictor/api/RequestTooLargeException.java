package dev.stride.predictor.api;

/** A request carries more pictures than one request may; answered with 413. */
public class RequestTooLargeException extends RuntimeException {

  public RequestTooLargeException(String message) {
    super(message);
  }
}
