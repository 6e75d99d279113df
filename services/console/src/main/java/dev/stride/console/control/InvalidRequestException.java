package dev.stride.console.control;

/** A request body the console refuses (400); {@link #field()} is the JSON path at fault, if one. */
public class InvalidRequestException extends Exception {

  private final String field;

  public InvalidRequestException(String field, String message) {
    super(message);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
