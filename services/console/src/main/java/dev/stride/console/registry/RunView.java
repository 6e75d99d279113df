package dev.stride.console.registry;

import dev.stride.contracts.events.Hyperparameters;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the console knows about one run, folded from its events: the request, the trainer's progress
 * and epochs, the outcome and the evaluation. Absent values are null (left out of the JSON). Times
 * are the events' CloudEvents times.
 *
 * @param status requested, running, completed, failed or cancelled
 * @param epochs epochs the run is to train (the request's, then the trainer's)
 * @param history one entry per completed epoch, in epoch order
 * @param progress the latest progress report within an epoch
 * @param device where it trained; {@code evaluationDevice} where it was scored (both as DJL prints
 *     them: "cpu()", "gpu(0)")
 * @param durationSeconds from start (or request, if no start was seen) to end; null while running
 */
public record RunView(
    String runId,
    String status,
    String datasetId,
    String architecture,
    String modelName,
    Hyperparameters hyperparameters,
    String device,
    Long parameterCount,
    String worker,
    Integer epochs,
    List<EpochView> history,
    ProgressView progress,
    Double bestValAccuracy,
    Integer bestEpoch,
    Integer finalEpoch,
    Boolean stoppedEarly,
    String checkpointKey,
    String bestCheckpointKey,
    String historyKey,
    Map<String, String> artifacts,
    Double testLoss,
    Double testAccuracy,
    Double top3Accuracy,
    Double calibrationError,
    String evaluationReportKey,
    Map<String, String> pictures,
    String evaluationDevice,
    String evaluationFailure,
    String failureReason,
    String failureField,
    Instant requestedAt,
    Instant startedAt,
    Instant endedAt,
    Double durationSeconds) {

  public static final String REQUESTED = "requested";
  public static final String RUNNING = "running";
  public static final String COMPLETED = "completed";
  public static final String FAILED = "failed";
  public static final String CANCELLED = "cancelled";

  /** One line of Keras' fit output. */
  public record EpochView(
      int epoch,
      double loss,
      double accuracy,
      double valLoss,
      double valAccuracy,
      double seconds,
      double imagesPerSecond) {}

  /** Where the trainer is within an epoch. */
  public record ProgressView(
      int epoch, int batch, int batches, double imagesPerSecond, double etaSeconds) {}

  public boolean ended() {
    return status.equals(COMPLETED) || status.equals(FAILED) || status.equals(CANCELLED);
  }

  /** When the run first appeared: what "newest first" sorts by. */
  Instant since() {
    if (requestedAt == null) {
      return startedAt;
    }
    return startedAt == null || requestedAt.isBefore(startedAt) ? requestedAt : startedAt;
  }
}
