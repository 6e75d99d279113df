package dev.stride.contracts.events;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The run trained all its epochs, or stopped early because validation loss stopped improving. The
 * checkpoint keys name checkpoint documents (listing the checkpoint's files with sizes and hashes);
 * {@code artifacts} names the run's summary, diagram, history and filter pictures; {@code
 * storedBytes}, when given, is what the run keeps in the store as it completes (its checkpoints
 * after retention, history and artifacts).
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
    double seconds,
    boolean stoppedEarly,
    Map<String, String> artifacts,
    Long storedBytes)
    implements Event {

  public RunCompleted {
    Checks.required(runId, "runId");
    Checks.required(datasetId, "datasetId");
    Checks.required(checkpointKey, "checkpointKey");
    // sorted, so the JSON is the same on every run
    artifacts =
        Collections.unmodifiableSortedMap(new TreeMap<>(artifacts == null ? Map.of() : artifacts));
  }

  @Override
  public String key() {
    return runId;
  }
}
