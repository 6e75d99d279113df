package dev.stride.contracts.events;

import java.util.regex.Pattern;

/**
 * The one rule for ids and names that become Kafka keys and object-key segments (run ids, dataset
 * ids, model names): events check it in their records, REST APIs on their paths.
 */
public final class Ids {

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  private Ids() {}

  /**
   * {@code value} if it is 1-128 letters, digits, '.', '_' or '-', starting with a letter or digit.
   *
   * @throws InvalidFieldException naming {@code field} and the value, if it is missing or not so
   */
  public static String check(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new InvalidFieldException(field, field + " is required");
    }
    if (!ID.matcher(value).matches()) {
      throw new InvalidFieldException(
          field,
          field
              + " must be 1-128 letters, digits, '.', '_' or '-', starting with a letter or digit: '"
              + value
              + "'");
    }
    return value;
  }
}
