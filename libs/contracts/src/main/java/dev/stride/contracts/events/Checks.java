package dev.stride.contracts.events;

/**
 * Field checks shared by the event records; each names the field it rejects. {@link #id} is also
 * for ids that arrive elsewhere (a path parameter), so that every id meets the same rule.
 */
public final class Checks {

  private Checks() {}

  static String required(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new InvalidFieldException(field, field + " is required");
    }
    return value;
  }

  static <T> T required(T value, String field) {
    if (value == null) {
      throw new InvalidFieldException(field, field + " is required");
    }
    return value;
  }

  /** Ids become Kafka keys and object-key segments: letters, digits, '.', '_' and '-' only. */
  public static String id(String value, String field) {
    required(value, field);
    if (!value.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,127}")) {
      throw new InvalidFieldException(
          field,
          field
              + " must be 1-128 letters, digits, '.', '_' or '-', starting with a letter or digit: '"
              + value
              + "'");
    }
    return value;
  }

  static int positive(int value, String field) {
    if (value <= 0) {
      throw new InvalidFieldException(field, field + " must be positive, was " + value);
    }
    return value;
  }

  static int notNegative(int value, String field) {
    if (value < 0) {
      throw new InvalidFieldException(field, field + " must not be negative, was " + value);
    }
    return value;
  }
}
