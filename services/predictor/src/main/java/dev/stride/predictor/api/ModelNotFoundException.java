package dev.stride.predictor.api;

/** A model name or version this replica does not serve; answered with 404. */
public class ModelNotFoundException extends RuntimeException {

  public ModelNotFoundException(String message) {
    super(message);
  }
}
