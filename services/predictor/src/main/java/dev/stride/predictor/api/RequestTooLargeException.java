package dev.stride.predictor.api;

/** A request carries more pictures, or more pixels, than one request may; answered with 413. */
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

  /** Refuses a request whose pictures' headers declare more than {@code max} pixels together. */
  static void checkPixels(long pixels, long max) {
    if (pixels > max) {
      throw new RequestTooLargeException(
          "the pictures of this request declare "
              + pixels
              + " pixels together; at most "
              + max
              + " are accepted (predictor.max-pixels-per-request)");
    }
  }
}
