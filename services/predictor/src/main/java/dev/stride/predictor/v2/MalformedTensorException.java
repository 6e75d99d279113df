package dev.stride.predictor.v2;

/**
 * An inference request whose tensors do not match the model's input; answered with 400, naming
 * {@link #field()} (e.g. {@code inputs[0].shape[1]}) when one field is at fault.
 */
public class MalformedTensorException extends RuntimeException {

  private final String field;

  public MalformedTensorException(String message) {
    this(message, null);
  }

  public MalformedTensorException(String message, String field) {
    super(message);
    this.field = field;
  }

  /** The request field at fault, as a JSON path; null when the request as a whole is. */
  public String field() {
    return field;
  }
}
