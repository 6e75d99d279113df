package dev.stride.predictor.api;

/** A request carries more pictures than one request may; answered with 413. */
public class RequestTooLargeException extends RuntimeException {

  public RequestTooLargeException(String message) {
    super(message);
  }

  /** Refuses a request of more than {@code max} pictures. */
  static void check(long pictures, int max) {
    if (pictures > max) {
      throw new RequestTooLargeException(
          pictures + " pictures in one request; at most " + max + " are accepted");
    }
  }
}
