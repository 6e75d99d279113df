package dev.stride.devstack;

/** A part of the devstack could not start or stop; the message says which and why. */
public class DevStackException extends RuntimeException {

  public DevStackException(String message) {
    super(message);
  }

  public DevStackException(String message, Throwable cause) {
    super(message, cause);
  }
}
