package dev.stride.console.registry;

import dev.stride.console.registry.RunView.EpochView;
import dev.stride.console.registry.RunView.ProgressView;
import dev.stride.contracts.events.Hyperparameters;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The mutable state behind a {@link RunView}; only {@link RunRegistry} touches it, under its lock.
 */
final class RunState {

  final String runId;
  String status;
  String datasetId;
  String architecture;
  String modelName;
  Hyperparameters hyperparameters;
  String device;
  Long parameterCount;
  String worker;
  Integer epochs;
  // keyed by epoch, so a redelivered EpochCompleted replaces its own line
  final TreeMap<Integer, EpochView> history = new TreeMap<>();
  ProgressView progress;
  Integer bestEpoch;
  Integer finalEpoch;
  Boolean stoppedEarly;
  String checkpointKey;
  String bestCheckpointKey;
  String historyKey;
  Map<String, String> artifacts;
  Double trainingSeconds;
  Double testLoss;
  Double testAccuracy;
  Double top3Accuracy;
  Double calibrationError;
  String evaluationReportKey;
  Map<String, String> pictures;
  String evaluationDevice;
  String evaluationFailure;
  String failureReason;
  String failureField;
  Instant requestedAt;
  Instant startedAt;
  Instant endedAt;

  RunState(String runId) {
    this.runId = runId;
  }

  /**
   * Moves the status forward only: requested, then running, then an end. Requests and events are on
   * different topics, so a replay may bring a run's request after its start.
   */
  void advance(String next) {
    if (status == null || rank(next) > rank(status)) {
      status = next;
    }
  }

  RunView view() {
    return new RunView(
        runId,
        status,
        datasetId,
        architecture,
        modelName,
        hyperparameters,
        device,
        parameterCount,
        worker,
        epochs,
        List.copyOf(history.values()),
        progress,
        history.values().stream().map(EpochView::valAccuracy).max(Double::compare).orElse(null),
        bestEpoch,
        finalEpoch,
        stoppedEarly,
        checkpointKey,
        bestCheckpointKey,
        historyKey,
        artifacts,
        testLoss,
        testAccuracy,
        top3Accuracy,
        calibrationError,
        evaluationReportKey,
        pictures,
        evaluationDevice,
        evaluationFailure,
        failureReason,
        failureField,
        requestedAt,
        startedAt,
        endedAt,
        durationSeconds());
  }

  private Double durationSeconds() {
    if (endedAt == null) {
      return null;
    }
    Instant start = startedAt != null ? startedAt : requestedAt;
    if (start == null) {
      return trainingSeconds;
    }
    return Duration.between(start, endedAt).toMillis() / 1000.0;
  }

  private static int rank(String status) {
    return switch (status) {
      case RunView.REQUESTED -> 0;
      case RunView.RUNNING -> 1;
      default -> 2;
    };
  }
}
