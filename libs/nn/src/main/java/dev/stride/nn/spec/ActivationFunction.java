package dev.stride.nn.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The non-linearities a layer may apply. Softmax is not one of them: the loss and prediction apply
 * it to the network's output, so a spec ends in plain class scores.
 */
public enum ActivationFunction {
  RELU,
  SIGMOID,
  TANH;

  @JsonCreator
  public static ActivationFunction parse(String text) {
    for (ActivationFunction function : values()) {
      if (function.toString().equals(text)) {
        return function;
      }
    }
    if ("softmax".equals(text)) {
      throw new IllegalArgumentException(
          "must not be softmax: the loss and prediction apply it, so leave the last layer"
              + " without activation");
    }
    throw new IllegalArgumentException(
        "must be one of "
            + Arrays.stream(values()).map(String::valueOf).collect(Collectors.joining(", "))
            + ", got '"
            + text
            + "'");
  }

  @JsonValue
  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
