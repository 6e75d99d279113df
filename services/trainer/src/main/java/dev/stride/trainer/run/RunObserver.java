package dev.stride.trainer.run;

import ai.djl.Model;
import dev.stride.contracts.ObjectKeys;
import dev.stride.contracts.events.CheckpointSaved;
import dev.stride.contracts.events.EpochCompleted;
import dev.stride.contracts.events.RunProgressed;
import dev.stride.contracts.events.RunRequested;
import dev.stride.contracts.events.RunStarted;
import dev.stride.contracts.objects.Checkpoint;
import dev.stride.contracts.objects.DatasetManifest;
import dev.stride.contracts.objects.RunHistory;
import dev.stride.nn.Classifier;
import dev.stride.nn.EpochStats;
import dev.stride.nn.InputTransform;
import dev.stride.nn.TrainingObserver;
import dev.stride.storage.CheckpointStore;
import dev.stride.storage.ObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Turns the training loop's callbacks into the run's events, checkpoints and history: after every
 * epoch, the checkpoint first, then history.json, then EpochCompleted and CheckpointSaved.
 */
final class RunObserver implements TrainingObserver {

  private final RunRequested request;
  private final DatasetManifest dataset;
  private final String worker;
  private final TrainingEventPublisher events;
  private final ObjectStore store;
  private final CheckpointStore checkpoints;
  private final Path workDirectory;
  private final BooleanSupplier stop;
  private final long started = System.nanoTime();
  private final List<EpochCompleted> epochs = new ArrayList<>();
  private String device;
  private long parameterCount;
  private int bestEpoch;

  RunObserver(
      RunRequested request,
      DatasetManifest dataset,
      String worker,
      TrainingEventPublisher events,
      ObjectStore store,
      CheckpointStore checkpoints,
      Path workDirectory,
      BooleanSupplier stop) {
    this.request = request;
    this.dataset = dataset;
    this.worker = worker;
    this.events = events;
    this.store = store;
    this.checkpoints = checkpoints;
    this.workDirectory = workDirectory;
    this.stop = stop;
  }

  @Override
  public void onStart(String device, long parameterCount) {
    this.device = device;
    this.parameterCount = parameterCount;
    events.publish(
        new RunStarted(
            request.runId(),
            request.datasetId(),
            request.architecture(),
            device,
            parameterCount,
            worker,
            1));
  }

  @Override
  public void onProgress(int epoch, int batch, int batches, double imagesPerSecond, double eta) {
    events.publish(new RunProgressed(request.runId(), epoch, batch, batches, imagesPerSecond, eta));
  }

  @Override
  public void onEpoch(EpochStats stats, Model model) {
    boolean best = bestEpoch == 0 || stats.valAccuracy() > epochs.get(bestEpoch - 1).valAccuracy();
    // 1. the checkpoint, complete before anything points at it
    saveCheckpoint(stats, model, best);
    // 2. the history, 3. the events
    EpochCompleted completed =
        new EpochCompleted(
            request.runId(),
            stats.epoch(),
            stats.epochs(),
            stats.loss(),
            stats.accuracy(),
            stats.valLoss(),
            stats.valAccuracy(),
            stats.seconds(),
            stats.imagesPerSecond());
    epochs.add(completed);
    if (best) {
      bestEpoch = stats.epoch();
    }
    writeHistory(RunHistory.RUNNING);
    events.publish(completed);
    events.publish(
        new CheckpointSaved(
            request.runId(),
            stats.epoch(),
            CheckpointStore.documentKey(request.runId(), stats.epoch()),
            ObjectKeys.latestCheckpoint(request.runId())));
  }

  @Override
  public boolean stopRequested() {
    return stop.getAsBoolean();
  }

  RunHistory writeHistory(String status) {
    RunHistory history =
        new RunHistory(
            request.runId(),
            request.datasetId(),
            request.architecture(),
            request.modelName(),
            device,
            parameterCount,
            status,
            bestEpoch,
            seconds(),
            List.copyOf(epochs));
    store.putJson(ObjectKeys.runHistory(request.runId()), history);
    return history;
  }

  int bestEpoch() {
    return bestEpoch;
  }

  String device() {
    return device;
  }

  double seconds() {
    return (System.nanoTime() - started) / 1e9;
  }

  private void saveCheckpoint(EpochStats stats, Model model, boolean best) {
    Path parameters = workDirectory.resolve(request.runId() + "-" + stats.epoch() + ".params");
    try {
      Classifier.saveParameters(model, parameters);
      checkpoints.save(
          new Checkpoint(
              request.runId(),
              request.datasetId(),
              stats.epoch(),
              request.architecture(),
              dataset.classNames(),
              InputTransform.SCALE,
              stats.valLoss(),
              stats.valAccuracy(),
              List.of(),
              OffsetDateTime.now(ZoneOffset.UTC)),
          parameters,
          best);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the checkpoint of epoch " + stats.epoch(), e);
    } finally {
      try {
        Files.deleteIfExists(parameters);
      } catch (IOException e) {
        // only a temp file; the next epoch overwrites nothing of it
        org.jboss.logging.Logger.getLogger(RunObserver.class).warnf("cannot delete %s", parameters);
      }
    }
  }
}
