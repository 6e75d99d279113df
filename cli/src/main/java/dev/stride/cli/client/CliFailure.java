package dev.stride.cli.client;

/** What a verb tells its user when it cannot do what was asked; exit code 1. */
public class CliFailure extends RuntimeException {

  public CliFailure(String message) {
    super(message);
  }
}
