package dev.stride.contracts.events;

/**
 * A Kafka record that is not a valid Stride event: a missing CloudEvents header, an unknown type, a
 * body that is not JSON or misses a required field. The message names what is wrong.
 */
public class InvalidEventException extends RuntimeException {

  private final String type;
  private final String field;

  public InvalidEventException(String type, String message, Throwable cause) {
    this(type, message, cause, null);
  }

  /**
   * An event whose field {@code field} (a JSON path such as {@code hyperparameters.epochs}) is
   * wrong.
   */
  public InvalidEventException(String type, String message, Throwable cause, String field) {
    super(message, cause);
    this.type = type;
    this.field = field;
  }

  /** The JSON path of the refused field, when one field is at fault; else null. */
  public String field() {
    if (field != null) {
      return field;
    }
    return getCause() != null && getCause().getCause() instanceof InvalidFieldException invalid
        ? invalid.field()
        : null;
  }

  /** The {@code ce_type} header, if the record had one. */
  public String type() {
    return type;
  }
}
