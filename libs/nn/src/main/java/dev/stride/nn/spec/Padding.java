package dev.stride.nn.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** TensorFlow's padding modes, written "valid" and "same" (any case) in a spec. */
public enum Padding {
  /** No padding: windows stay inside the input; ⌊(n−k)/s⌋+1 outputs. */
  VALID,
  /** Zero padding so that every stride-th input position starts a window; ⌈n/s⌉ outputs. */
  SAME;

  @JsonCreator
  public static Padding parse(String text) {
    for (Padding padding : values()) {
      if (padding.name().equalsIgnoreCase(text)) {
        return padding;
      }
    }
    throw new IllegalArgumentException("must be 'valid' or 'same', got '" + text + "'");
  }

  @JsonValue
  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
