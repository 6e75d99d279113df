package dev.stride.contracts.events;

/**
 * A Kafka record that is not a valid Stride event: a missing CloudEvents header, an unknown type, a
 * body that is not JSON or misses a required field. The message names what is wrong.
 */
public class InvalidEventException extends RuntimeException {

  private final String type;

  public InvalidEventException(String type, String message, Throwable cause) {
    super(message, cause);
    this.type = type;
  }

  /** The JSON path of the refused field, when one field is at fault; else null. */
  public String field() {
    return getCause() != null && getCause().getCause() instanceof InvalidFieldException invalid
        ? invalid.field()
        : null;
  }

  /** The {@code ce_type} header, if the record had one. */
  public String type() {
    return type;
  }
}
