package dev.stride.nn;

/** A run asked for an architecture Stride does not have. */
public class UnknownArchitectureException extends IllegalArgumentException {

  public UnknownArchitectureException(String name, Iterable<String> known) {
    super("unknown architecture '" + name + "'; known: " + String.join(", ", known));
  }
}
