package dev.stride.contracts.events;

/**
 * {@code modelName} now serves this run's checkpoint; {@code previousRunId} is the run it replaced
 * (null for the first).
 */
public record ModelPromoted(
    String runId, String modelName, String checkpointKey, double testAccuracy, String previousRunId)
    implements Event {

  public ModelPromoted {
    Checks.required(runId, "runId");
    Checks.required(modelName, "modelName");
    Checks.required(checkpointKey, "checkpointKey");
  }

  @Override
  public String key() {
    return runId;
  }
}
