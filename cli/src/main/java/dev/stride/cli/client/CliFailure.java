package dev.stride.cli.client;

import dev.stride.client.StrideClientException;

/** What a verb tells its user when it cannot do what was asked; exit code 1. */
public class CliFailure extends RuntimeException {

  public CliFailure(String message) {
    super(message);
  }

  /**
   * What a verb prints for {@code failure}: its message, and for a service that is not up, how to
   * start one.
   */
  static String message(RuntimeException failure) {
    if (failure instanceof StrideClientException e && e.unreachable()) {
      return e.getMessage() + "; is Stride up? (bin/stride up)";
    }
    return failure.getMessage();
  }
}
