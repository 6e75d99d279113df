package dev.stride.devstack.stack;

/** A part of the local stack cannot start or stop; the message says which, and why. */
public class StackException extends RuntimeException {

  public StackException(String message) {
    super(message);
  }
}
