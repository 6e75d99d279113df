package dev.stride.trainer.run;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.nn.Block;
import dev.stride.contracts.ObjectKeys;
import dev.stride.contracts.events.RunCompleted;
import dev.stride.contracts.events.RunFailed;
import dev.stride.contracts.events.RunRequested;
import dev.stride.contracts.objects.DatasetManifest;
import dev.stride.contracts.objects.RunHistory;
import dev.stride.data.ImageSet;
import dev.stride.nn.Architectures;
import dev.stride.nn.TrainingJob;
import dev.stride.nn.TrainingLoop;
import dev.stride.nn.TrainingResult;
import dev.stride.nn.UnknownArchitectureException;
import dev.stride.storage.CheckpointStore;
import dev.stride.storage.DatasetReader;
import dev.stride.storage.DatasetUnavailableException;
import dev.stride.storage.ObjectStore;
import dev.stride.trainer.TrainerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;

/**
 * One training run, from request to RunCompleted. Reads top to bottom: settle repeats, check the
 * request, load the data, train with checkpoints after every epoch, announce the result.
 */
@ApplicationScoped
public class RunExecutor {

  private static final Logger LOG = Logger.getLogger(RunExecutor.class);

  @Inject TrainerConfig config;
  @Inject ObjectStore store;
  @Inject DatasetReader datasets;
  @Inject CheckpointStore checkpoints;
  @Inject TrainingEventPublisher events;

  /**
   * Runs {@code request}; {@code stop} is polled between batches and ends the run early, leaving
   * its latest checkpoint for whoever takes it next.
   */
  public RunOutcome run(RunRequested request, BooleanSupplier stop) {
    String runId = request.runId();
    // 1. a run that completed before (a redelivered request) is announced again, not retrained
    Optional<RunHistory> history = store.findJson(ObjectKeys.runHistory(runId), RunHistory.class);
    if (history.isPresent() && RunHistory.COMPLETED.equals(history.get().status())) {
      LOG.infof("run %s completed before; announcing it again", runId);
      events.publish(completed(request, history.get()));
      return RunOutcome.COMPLETED;
    }

    // 2. the request must name a known architecture and an ingested dataset
    DatasetManifest manifest;
    ImageSet train;
    ImageSet validation;
    Block block;
    try {
      manifest = datasets.manifest(request.datasetId());
      block = Architectures.build(request.architecture(), manifest.classNames().size());
      train = datasets.split(manifest, DatasetManifest.TRAIN);
      validation = datasets.split(manifest, DatasetManifest.VALIDATION);
    } catch (UnknownArchitectureException e) {
      return fail(runId, e.getMessage(), "architecture");
    } catch (DatasetUnavailableException e) {
      return fail(runId, e.getMessage(), "datasetId");
    }
    if (validation.size() == 0) {
      return fail(
          runId, "dataset " + request.datasetId() + " has no validation images", "datasetId");
    }
    store.putJson(ObjectKeys.runSpec(runId), request);

    // 3. train, checkpointing every epoch
    RunObserver observer =
        new RunObserver(
            request, manifest, worker(), events, store, checkpoints, workDirectory(), stop);
    var hyper = request.hyperparameters();
    TrainingJob.Builder job =
        TrainingJob.builder()
            .setBlock(block)
            .setTrainSet(train)
            .setValidationSet(validation)
            .optEpochs(hyper.epochs())
            .optBatchSize(hyper.batchSize())
            .optLearningRate(hyper.learningRate())
            .optSeed(hyper.seed())
            .optDevice(device())
            .optProgressInterval(config.progressInterval())
            .optObserver(observer);
    if (hyper.maxBatches() != null) {
      job.optMaxBatches(hyper.maxBatches());
    }
    LOG.infof(
        "run %s: %s on %s (%d train, %d validation images), %d epochs of batch %d",
        runId,
        request.architecture(),
        request.datasetId(),
        train.size(),
        validation.size(),
        hyper.epochs(),
        hyper.batchSize());
    TrainingResult result = TrainingLoop.run(job.build());

    // 4. announce the end, or leave the run to the next owner
    if (result.stopped()) {
      observer.writeHistory(RunHistory.STOPPED);
      LOG.infof("run %s stopped after %d epochs", runId, result.history().size());
      return RunOutcome.STOPPED;
    }
    events.publish(completed(request, observer.writeHistory(RunHistory.COMPLETED)));
    LOG.infof("run %s completed: val_accuracy %.4f", runId, result.last().valAccuracy());
    return RunOutcome.COMPLETED;
  }

  /** Refuses a request that cannot run, naming the field at fault. */
  public RunOutcome fail(String runId, String reason, String field) {
    LOG.warnf("run %s refused: %s", runId, reason);
    events.publish(new RunFailed(runId, reason, field));
    return RunOutcome.FAILED;
  }

  private static RunCompleted completed(RunRequested request, RunHistory history) {
    String runId = request.runId();
    int last = history.epochs().size();
    return new RunCompleted(
        runId,
        request.datasetId(),
        request.architecture(),
        request.modelName(),
        last,
        history.bestEpoch(),
        CheckpointStore.documentKey(runId, last),
        CheckpointStore.documentKey(runId, history.bestEpoch()),
        ObjectKeys.runHistory(runId),
        history.device(),
        history.seconds());
  }

  private Device device() {
    return "auto".equals(config.device())
        ? Engine.getInstance().defaultDevice()
        : Device.fromName(config.device());
  }

  private String worker() {
    return config.workerName().orElseGet(() -> hostName() + "/" + ProcessHandle.current().pid());
  }

  private Path workDirectory() {
    try {
      return Files.createDirectories(Path.of(config.workDirectory()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + config.workDirectory(), e);
    }
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "trainer";
    }
  }
}
