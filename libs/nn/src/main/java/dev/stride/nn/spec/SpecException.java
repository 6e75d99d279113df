package dev.stride.nn.spec;

import java.util.OptionalInt;

/**
 * Something wrong with an architecture spec, found before any block is built. Layers count from 1,
 * as a person reading the spec counts them; the message starts with "layer 9 maxpool: " when one
 * layer is at fault.
 */
public abstract class SpecException extends IllegalArgumentException {

  private final Integer layer;

  protected SpecException(Integer layer, String type, String message, Throwable cause) {
    super(prefix(layer, type) + message, cause);
    this.layer = layer;
  }

  /** The 1-based index of the layer at fault; empty when the spec as a whole is. */
  public OptionalInt layer() {
    return layer == null ? OptionalInt.empty() : OptionalInt.of(layer);
  }

  private static String prefix(Integer layer, String type) {
    if (layer == null) {
      return "";
    }
    return "layer " + layer + (type == null ? "" : " " + type) + ": ";
  }
}
