package dev.stride.contracts.events;

/** A command on {@code training.control}: stop the run, keeping its latest checkpoint. */
public record RunCancelRequested(String runId, String reason) implements Event {

  public RunCancelRequested {
    Checks.id(runId, "runId");
  }

  @Override
  public String key() {
    return runId;
  }
}
