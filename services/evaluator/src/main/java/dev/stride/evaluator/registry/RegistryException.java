package dev.stride.evaluator.registry;

/** A registry change that cannot be made; {@code status} is the HTTP status it answers with. */
public class RegistryException extends Exception {

  private final int status;

  public RegistryException(int status, String message) {
    super(message);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
