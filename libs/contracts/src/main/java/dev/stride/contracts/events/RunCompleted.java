package dev.stride.contracts.events;

/**
 * The run trained all its epochs. The checkpoint keys name checkpoint pointers (JSON documents
 * listing the checkpoint's files with sizes and hashes).
 */
public record RunCompleted(
    String runId,
    String datasetId,
    String architecture,
    String modelName,
    int finalEpoch,
    int bestEpoch,
    String checkpointKey,
    String bestCheckpointKey,
    String historyKey,
    String device,
    double seconds)
    implements Event {

  public RunCompleted {
    Checks.required(runId, "runId");
    Checks.required(datasetId, "datasetId");
    Checks.required(checkpointKey, "checkpointKey");
  }

  @Override
  public String key() {
    return runId;
  }
}
