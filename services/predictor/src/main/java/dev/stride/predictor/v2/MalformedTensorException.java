package dev.stride.predictor.v2;

/** An inference request whose tensors do not match the model's input; answered with 400. */
public class MalformedTensorException extends RuntimeException {

  public MalformedTensorException(String message) {
    super(message);
  }
}
