package dev.stride.contracts.events;

/** The run cannot go on; {@code field} names the request field at fault when there is one. */
public record RunFailed(String runId, String reason, String field) implements Event {

  public RunFailed {
    Checks.required(runId, "runId");
    Checks.required(reason, "reason");
  }

  @Override
  public String key() {
    return runId;
  }
}
