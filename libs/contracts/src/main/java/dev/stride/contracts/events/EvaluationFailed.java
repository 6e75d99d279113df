package dev.stride.contracts.events;

/** A checkpoint of the run could not be evaluated; nothing was promoted. */
public record EvaluationFailed(String runId, String checkpointKey, String reason) implements Event {

  public EvaluationFailed {
    Checks.required(runId, "runId");
    Checks.required(reason, "reason");
  }

  @Override
  public String key() {
    return runId;
  }
}
