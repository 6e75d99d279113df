package dev.stride.predictor.model;

/** No model is loaded yet for the configured name. */
public class NoModelException extends RuntimeException {

  public NoModelException(String modelName) {
    super("no model is served yet for '" + modelName + "'; promote a run first");
  }
}
