package dev.stride.contracts.objects;

import dev.stride.contracts.events.EpochCompleted;
import java.util.List;

/**
 * {@code runs/{runId}/history.json}: Keras' History, per epoch, plus where and how fast the run
 * trained and how it ended. Rewritten after every epoch.
 *
 * @param status running, completed, stopped (another worker continues it), cancelled or failed (it
 *     crashed; RunFailed says why)
 * @param bestEpoch the epoch with the best validation accuracy (0 before the first)
 */
public record RunHistory(
    String runId,
    String datasetId,
    String architecture,
    String modelName,
    String device,
    long parameterCount,
    String status,
    int bestEpoch,
    double seconds,
    List<EpochCompleted> epochs) {

  public static final String RUNNING = "running";
  public static final String COMPLETED = "completed";
  public static final String STOPPED = "stopped";
  public static final String CANCELLED = "cancelled";
  public static final String FAILED = "failed";
}
