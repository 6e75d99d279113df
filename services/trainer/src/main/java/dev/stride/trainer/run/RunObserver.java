package dev.stride.trainer.run;

import ai.djl.Model;
import dev.stride.contracts.ObjectKeys;
import dev.stride.contracts.events.CheckpointSaved;
import dev.stride.contracts.events.EpochCompleted;
import dev.stride.contracts.events.RunProgressed;
import dev.stride.contracts.events.RunRequested;
import dev.stride.contracts.events.RunStarted;
import dev.stride.contracts.objects.Checkpoint;
import dev.stride.contracts.objects.RunHistory;
import dev.stride.nn.Classifier;
import dev.stride.nn.EpochStats;
import dev.stride.nn.TrainingLoop;
import dev.stride.nn.TrainingObserver;
import dev.stride.observability.Traced;
import dev.stride.storage.CheckpointStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the training loop's callbacks into the run's events, checkpoints and history: after every
 * epoch the checkpoint first, then history.json, then EpochCompleted and CheckpointSaved; when the
 * run is stopped mid-epoch, a checkpoint of that moment, so whoever takes the run over continues
 * from there. When the run ends, its history says how: completed, stopped (for its next owner),
 * cancelled or failed.
 */
final class RunObserver implements TrainingObserver {

  private final RunContext run;
  private final RunRequested request;
  private final long started = System.nanoTime();
  private final List<EpochCompleted> epochs = new ArrayList<>();
  private final List<EpochStats> stats = new ArrayList<>();
  private final double secondsBefore;
  private String device;
  private long parameterCount;

  RunObserver(RunContext run) {
    this.run = run;
    this.request = run.request();
    RunHistory before = run.before();
    this.secondsBefore = before == null ? 0 : before.seconds();
    if (before != null) {
      for (EpochCompleted e : before.epochs()) {
        if (e.epoch() < run.start().epoch()) {
          epochs.add(e);
          stats.add(stats(e));
        }
      }
    }
  }

  /** The epochs trained before this worker took the run, for the loop to resume with. */
  List<EpochStats> history() {
    return List.copyOf(stats);
  }

  @Override
  public void onStart(String device, long parameterCount) {
    this.device = device;
    this.parameterCount = parameterCount;
    run.events()
        .publish(
            new RunStarted(
                request.runId(),
                request.datasetId(),
                request.architecture(),
                device,
                parameterCount,
                run.worker(),
                run.start().epoch(),
                run.start().resumedFrom(),
                run.start().refusedCheckpoints()));
  }

  @Override
  public void onProgress(int epoch, int batch, int batches, double imagesPerSecond, double eta) {
    run.events()
        .publish(new RunProgressed(request.runId(), epoch, batch, batches, imagesPerSecond, eta));
  }

  @Override
  public void onEpoch(EpochStats epoch, Model model) {
    // the loop reports an epoch when it ends: its span starts when the epoch did
    Instant began = Instant.now().minusNanos((long) (epoch.seconds() * 1e9));
    try (Traced span =
        run.tracing()
            .span("epoch", began)
            .attribute("stride.epoch", epoch.epoch())
            .attribute("stride.val_accuracy", epoch.valAccuracy())
            .attribute("stride.images_per_second", epoch.imagesPerSecond())) {
      stats.add(epoch);
      run.metrics().onEpoch(epoch);
      boolean best = TrainingLoop.bestEpoch(stats) == epoch.epoch();
      // 1. the checkpoint, complete before anything points at it
      String key =
          saveCheckpoint(model, epoch.epoch(), 0, epoch.valLoss(), epoch.valAccuracy(), best);
      // 2. the history, 3. the events
      EpochCompleted completed =
          new EpochCompleted(
              request.runId(),
              epoch.epoch(),
              epoch.epochs(),
              epoch.loss(),
              epoch.accuracy(),
              epoch.valLoss(),
              epoch.valAccuracy(),
              epoch.seconds(),
              epoch.imagesPerSecond());
      epochs.add(completed);
      writeHistory(RunHistory.RUNNING);
      run.events().publish(completed);
      run.events()
          .publish(
              new CheckpointSaved(
                  request.runId(),
                  epoch.epoch(),
                  key,
                  ObjectKeys.latestCheckpoint(request.runId())));
    }
  }

  @Override
  public void onInterrupted(int epoch, int batchesDone, Model model) {
    if (batchesDone == 0) {
      return; // the previous epoch's checkpoint is the place to continue from
    }
    String key = saveCheckpoint(model, epoch, batchesDone, Double.NaN, Double.NaN, false);
    run.events()
        .publish(
            new CheckpointSaved(
                request.runId(), epoch, key, ObjectKeys.latestCheckpoint(request.runId())));
  }

  @Override
  public boolean stopRequested() {
    return run.stop().getAsBoolean();
  }

  /** Every epoch is trained: the history, marked completed, for RunCompleted. */
  RunHistory completed() {
    return writeHistory(RunHistory.COMPLETED);
  }

  /** The run stopped early, for its next owner to continue: the history says so. */
  void stopped() {
    writeHistory(RunHistory.STOPPED);
  }

  void cancelled() {
    writeHistory(RunHistory.CANCELLED);
  }

  /** The run crashed: its history ends as failed, not running for good. */
  void failed() {
    writeHistory(RunHistory.FAILED);
  }

  private RunHistory writeHistory(String status) {
    RunHistory history =
        new RunHistory(
            request.runId(),
            request.datasetId(),
            request.architecture(),
            request.modelName(),
            device,
            parameterCount,
            status,
            TrainingLoop.bestEpoch(stats),
            secondsBefore + (System.nanoTime() - started) / 1e9,
            List.copyOf(epochs));
    run.store().putJson(ObjectKeys.runHistory(request.runId()), history);
    return history;
  }

  private String saveCheckpoint(
      Model model, int epoch, int batch, double valLoss, double valAccuracy, boolean best) {
    try (Traced span =
        run.tracing()
            .span("checkpoint write")
            .attribute("stride.epoch", epoch)
            .attribute("stride.batch", batch)) {
      Classifier.saveParameters(model, run.parameters());
      Checkpoint saved =
          run.checkpoints()
              .save(
                  new Checkpoint(
                      request.runId(),
                      request.datasetId(),
                      epoch,
                      batch,
                      request.architecture(),
                      run.plan().specJson(),
                      run.plan().classNames(),
                      run.plan().normalization().kind(),
                      run.plan().normalization().mean(),
                      run.plan().normalization().std(),
                      valLoss,
                      valAccuracy,
                      List.of(),
                      OffsetDateTime.now(ZoneOffset.UTC)),
                  run.parameters(),
                  best);
      String key = CheckpointStore.documentKey(request.runId(), saved.epoch(), saved.batch());
      span.attribute("stride.checkpoint_key", key);
      // the older ones go once the new one is whole: a run's storage stays bounded
      run.checkpoints().prune(request.runId(), run.keepCheckpoints());
      return key;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the checkpoint of epoch " + epoch, e);
    }
  }

  private static EpochStats stats(EpochCompleted e) {
    return new EpochStats(
        e.epoch(),
        e.epochs(),
        e.loss(),
        e.accuracy(),
        e.valLoss(),
        e.valAccuracy(),
        e.seconds(),
        e.imagesPerSecond());
  }
}
