package dev.stride.contracts.events;

/** An event field holds a value its record refuses; {@link #field()} is its JSON path. */
public class InvalidFieldException extends IllegalArgumentException {

  private final String field;

  public InvalidFieldException(String field, String message) {
    super(message);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
