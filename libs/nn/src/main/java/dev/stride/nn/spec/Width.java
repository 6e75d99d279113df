package dev.stride.nn.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * How many units or filters a layer has: a number, or {@code "classes"} for as many as the dataset
 * has classes, so that one spec serves CIFAR-10 and CIFAR-100 alike. {@code fixed} is null for
 * {@code "classes"}.
 */
public record Width(Integer fixed) {

  public static final String CLASSES = "classes";

  public static Width of(int fixed) {
    return new Width(fixed);
  }

  public static Width classes() {
    return new Width(null);
  }

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  static Width fromJson(JsonNode node) {
    if (node.isInt()) {
      return new Width(node.intValue());
    }
    if (node.isTextual() && CLASSES.equals(node.textValue())) {
      return classes();
    }
    throw new IllegalArgumentException(
        "must be a whole number or \"" + CLASSES + "\", got " + node.toString());
  }

  public boolean isClasses() {
    return fixed == null;
  }

  /** The number this width stands for when the dataset has {@code classes} classes. */
  public int resolve(int classes) {
    return fixed == null ? classes : fixed;
  }

  @JsonValue
  Object json() {
    return fixed == null ? CLASSES : fixed;
  }

  @Override
  public String toString() {
    return String.valueOf(json());
  }
}
