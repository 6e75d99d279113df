package dev.stride.contracts.events;

/** Field checks shared by the event records; each names the field it rejects. */
final class Checks {

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

  /** Ids become Kafka keys and object-key segments: the one rule of {@link Ids}. */
  static String id(String value, String field) {
    return Ids.check(value, field);
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
