package dev.stride.nn.spec;

import java.util.Optional;

/**
 * A spec that cannot be read as written: not JSON or YAML, an unknown layer type or field, a
 * missing or out-of-range value. Names the layer and the field to fix.
 */
public class InvalidSpecException extends SpecException {

  private final String field;

  public InvalidSpecException(Integer layer, String type, String field, String message) {
    this(layer, type, field, message, null);
  }

  public InvalidSpecException(
      Integer layer, String type, String field, String message, Throwable cause) {
    super(layer, type, message, cause);
    this.field = field;
  }

  /** The field at fault ("filters", "input", "layers"), if one is. */
  public Optional<String> field() {
    return Optional.ofNullable(field);
  }
}
