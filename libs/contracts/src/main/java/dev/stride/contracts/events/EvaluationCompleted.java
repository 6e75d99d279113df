package dev.stride.contracts.events;

/** A checkpoint of the run was scored on the dataset's test split. */
public record EvaluationCompleted(
    String runId,
    String modelName,
    String checkpointKey,
    int examples,
    double testLoss,
    double testAccuracy,
    String reportKey)
    implements Event {

  public EvaluationCompleted {
    Checks.required(runId, "runId");
    Checks.required(reportKey, "reportKey");
  }

  @Override
  public String key() {
    return runId;
  }
}
