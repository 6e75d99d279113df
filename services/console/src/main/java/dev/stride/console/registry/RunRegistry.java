package dev.stride.console.registry;

import dev.stride.console.registry.RunView.EpochView;
import dev.stride.console.registry.RunView.ProgressView;
import dev.stride.contracts.events.DatasetIngested;
import dev.stride.contracts.events.EpochCompleted;
import dev.stride.contracts.events.EvaluationCompleted;
import dev.stride.contracts.events.EvaluationFailed;
import dev.stride.contracts.events.Event;
import dev.stride.contracts.events.RunCancelled;
import dev.stride.contracts.events.RunCompleted;
import dev.stride.contracts.events.RunFailed;
import dev.stride.contracts.events.RunProgressed;
import dev.stride.contracts.events.RunRequested;
import dev.stride.contracts.events.RunStarted;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Runs and datasets folded from the event stream, in memory. Applying the same event twice changes
 * nothing, so a replay from the first offset (every console start) rebuilds the same registry.
 * Listeners hear each change of their run in the order the events were applied.
 */
public final class RunRegistry {

  private static final Logger LOG = Logger.getLogger(RunRegistry.class);

  /** The kind of a listener's first call: the run as it is when the listener subscribes. */
  public static final String STATE = "state";

  private final Map<String, RunState> runs = new HashMap<>();
  private final Map<String, DatasetView> datasets = new TreeMap<>();
  private final List<Listener> listeners = new ArrayList<>();

  private record Listener(String runId, Consumer<RunChange> consumer) {}

  /**
   * Folds one event in; {@code time} is when it happened. Tells the run's listeners and returns the
   * change, or nothing if the event changed nothing or is not about a run's state.
   */
  public synchronized Optional<RunChange> apply(Event event, Instant time) {
    if (event instanceof DatasetIngested ingested) {
      datasets.putIfAbsent(ingested.datasetId(), dataset(ingested, time));
      return Optional.empty();
    }
    String kind = kind(event);
    if (kind == null) {
      return Optional.empty(); // checkpoints, promotions, dataset progress: not shown per run
    }
    RunState run = runs.computeIfAbsent(event.key(), RunState::new);
    RunView before = run.view();
    fold(run, event, time);
    RunView after = run.view();
    if (after.equals(before)) {
      return Optional.empty();
    }
    RunChange change = new RunChange(kind, after);
    // under the lock, so that every listener hears the changes in order and none twice
    for (Listener listener : List.copyOf(listeners)) {
      if (listener.runId().equals(change.run().runId())) {
        tell(listener, change);
      }
    }
    return Optional.of(change);
  }

  /** Every run, newest first (by when it was requested, or started if no request was seen). */
  public synchronized List<RunView> runs() {
    return runs.values().stream()
        .map(RunState::view)
        .sorted(
            Comparator.comparing(RunView::since, Comparator.nullsLast(Comparator.reverseOrder()))
                .thenComparing(RunView::runId))
        .toList();
  }

  public synchronized Optional<RunView> run(String runId) {
    return Optional.ofNullable(runs.get(runId)).map(RunState::view);
  }

  /** Every ingested dataset, by id. */
  public synchronized List<DatasetView> datasets() {
    return List.copyOf(datasets.values());
  }

  /**
   * Calls {@code listener} with every later change of run {@code runId}; first, at once, with the
   * run's current state (kind {@link #STATE}) if the run is known. Run the returned action to stop.
   */
  public synchronized Runnable subscribe(String runId, Consumer<RunChange> listener) {
    Listener subscription = new Listener(runId, listener);
    listeners.add(subscription);
    Optional.ofNullable(runs.get(runId))
        .ifPresent(run -> listener.accept(new RunChange(STATE, run.view())));
    return () -> unsubscribe(subscription);
  }

  private synchronized void unsubscribe(Listener subscription) {
    listeners.remove(subscription);
  }

  /**
   * A listener that throws (a page's stream that broke, a bug) is dropped: the event is still
   * folded in, the other listeners still hear it, and the consumer feeding the registry goes on.
   */
  private void tell(Listener listener, RunChange change) {
    try {
      listener.consumer().accept(change);
    } catch (RuntimeException | Error e) {
      listeners.remove(listener);
      LOG.warnf(
          "dropped a listener of run %s: it threw on a %s change: %s",
          listener.runId(), change.kind(), e);
    }
  }

  private static String kind(Event event) {
    if (event instanceof RunRequested) {
      return "requested";
    } else if (event instanceof RunStarted) {
      return "started";
    } else if (event instanceof RunProgressed) {
      return "progress";
    } else if (event instanceof EpochCompleted) {
      return "epoch";
    } else if (event instanceof RunCompleted) {
      return "completed";
    } else if (event instanceof RunFailed) {
      return "failed";
    } else if (event instanceof RunCancelled) {
      return "cancelled";
    } else if (event instanceof EvaluationCompleted || event instanceof EvaluationFailed) {
      return "evaluated";
    }
    return null;
  }

  private static void fold(RunState run, Event event, Instant time) {
    if (event instanceof RunRequested requested) {
      onRunRequested(run, requested, time);
    } else if (event instanceof RunStarted started) {
      onRunStarted(run, started, time);
    } else if (event instanceof RunProgressed progressed) {
      run.advance(RunView.RUNNING);
      run.progress =
          new ProgressView(
              progressed.epoch(),
              progressed.batch(),
              progressed.batches(),
              progressed.imagesPerSecond(),
              progressed.etaSeconds());
    } else if (event instanceof EpochCompleted epoch) {
      onEpochCompleted(run, epoch);
    } else if (event instanceof RunCompleted completed) {
      onRunCompleted(run, completed, time);
    } else if (event instanceof RunFailed failed) {
      onRunFailed(run, failed, time);
    } else if (event instanceof RunCancelled cancelled) {
      run.advance(RunView.CANCELLED);
      run.failureReason = cancelled.reason();
      run.finalEpoch = cancelled.epoch();
      ended(run, time);
    } else if (event instanceof EvaluationCompleted evaluated) {
      onEvaluationCompleted(run, evaluated);
    } else if (event instanceof EvaluationFailed failed) {
      run.advance(RunView.COMPLETED); // only a completed run is evaluated
      run.evaluationFailure = failed.reason();
    }
  }

  private static void onRunRequested(RunState run, RunRequested requested, Instant time) {
    run.advance(RunView.REQUESTED);
    run.datasetId = orElse(run.datasetId, requested.datasetId());
    run.architecture = orElse(run.architecture, requested.architecture());
    run.modelName = orElse(run.modelName, requested.modelName());
    // the first request names the run; a later one under its id (refused by the trainer) does not
    // rewrite it, however a replay interleaves the topics
    run.hyperparameters = orElse(run.hyperparameters, requested.hyperparameters());
    run.epochs = orElse(run.epochs, requested.hyperparameters().epochs());
    run.requestedAt = orElse(run.requestedAt, time);
  }

  /**
   * A run that ended keeps its end; a refused reuse of its id (field runId) does not end a run that
   * started under it.
   */
  private static void onRunFailed(RunState run, RunFailed failed, Instant time) {
    if (run.endedAt != null || ("runId".equals(failed.field()) && run.startedAt != null)) {
      return;
    }
    run.advance(RunView.FAILED);
    run.failureReason = failed.reason();
    run.failureField = failed.field();
    ended(run, time);
  }

  private static void onRunStarted(RunState run, RunStarted started, Instant time) {
    run.advance(RunView.RUNNING);
    run.datasetId = started.datasetId() != null ? started.datasetId() : run.datasetId;
    run.architecture = started.architecture() != null ? started.architecture() : run.architecture;
    run.device = started.device();
    run.parameterCount = started.parameterCount();
    run.worker = started.worker();
    // a run taken over by another worker starts again; it began at its first start
    run.startedAt = orElse(run.startedAt, time);
  }

  private static void onEpochCompleted(RunState run, EpochCompleted epoch) {
    run.advance(RunView.RUNNING);
    run.epochs = epoch.epochs();
    run.history.put(
        epoch.epoch(),
        new EpochView(
            epoch.epoch(),
            epoch.loss(),
            epoch.accuracy(),
            epoch.valLoss(),
            epoch.valAccuracy(),
            epoch.seconds(),
            epoch.imagesPerSecond()));
  }

  private static void onRunCompleted(RunState run, RunCompleted completed, Instant time) {
    run.advance(RunView.COMPLETED);
    run.datasetId = orElse(run.datasetId, completed.datasetId());
    run.architecture = orElse(run.architecture, completed.architecture());
    run.modelName = orElse(run.modelName, completed.modelName());
    run.device = orElse(run.device, completed.device());
    run.finalEpoch = completed.finalEpoch();
    run.bestEpoch = completed.bestEpoch();
    run.stoppedEarly = completed.stoppedEarly();
    run.checkpointKey = completed.checkpointKey();
    run.bestCheckpointKey = completed.bestCheckpointKey();
    run.historyKey = completed.historyKey();
    run.artifacts = completed.artifacts();
    run.trainingSeconds = completed.seconds();
    ended(run, time);
  }

  private static void onEvaluationCompleted(RunState run, EvaluationCompleted evaluated) {
    run.advance(RunView.COMPLETED);
    run.testLoss = evaluated.testLoss();
    run.testAccuracy = evaluated.testAccuracy();
    run.top3Accuracy = evaluated.top3Accuracy();
    run.calibrationError = evaluated.calibrationError();
    run.evaluationReportKey = evaluated.reportKey();
    run.pictures = evaluated.pictures();
    run.evaluationDevice = evaluated.device();
    run.evaluationFailure = null;
  }

  private static void ended(RunState run, Instant time) {
    run.endedAt = orElse(run.endedAt, time);
  }

  private static DatasetView dataset(DatasetIngested ingested, Instant time) {
    return new DatasetView(
        ingested.datasetId(),
        ingested.manifestKey(),
        ingested.train(),
        ingested.validation(),
        ingested.test(),
        ingested.classNames(),
        ingested.checksum(),
        time);
  }

  private static <T> T orElse(T current, T next) {
    return current != null ? current : next;
  }
}
