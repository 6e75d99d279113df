package dev.stride.contracts.events;

/** The run stopped on request after {@code epoch} complete epochs. */
public record RunCancelled(String runId, int epoch, String reason) implements Event {

  public RunCancelled {
    Checks.required(runId, "runId");
  }

  @Override
  public String key() {
    return runId;
  }
}
