package dev.stride.trainer.run;

import ai.djl.nn.Block;
import dev.stride.contracts.Json;
import dev.stride.contracts.ObjectKeys;
import dev.stride.contracts.events.RunCancelled;
import dev.stride.contracts.events.RunCompleted;
import dev.stride.contracts.events.RunFailed;
import dev.stride.contracts.events.RunRequested;
import dev.stride.contracts.objects.Checkpoint;
import dev.stride.contracts.objects.DatasetManifest;
import dev.stride.contracts.objects.RunHistory;
import dev.stride.data.ImageSet;
import dev.stride.nn.DeviceSetting;
import dev.stride.nn.ModelLimits;
import dev.stride.nn.Network;
import dev.stride.nn.Resume;
import dev.stride.nn.TrainingJob;
import dev.stride.nn.TrainingLoop;
import dev.stride.nn.TrainingResult;
import dev.stride.observability.Traced;
import dev.stride.observability.Tracing;
import dev.stride.storage.CheckpointStore;
import dev.stride.storage.DatasetReader;
import dev.stride.storage.DatasetUnavailableException;
import dev.stride.storage.ObjectInfo;
import dev.stride.storage.ObjectStore;
import dev.stride.storage.StorageException;
import dev.stride.trainer.TrainerConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;

/**
 * One training run, from request to RunCompleted. Reads top to bottom: settle repeats and cancels,
 * check the request against its dataset, describe the model, pick up from the newest whole
 * checkpoint if another worker had the run, train with checkpoints after every epoch, draw the
 * filters, announce the result.
 */
@ApplicationScoped
public class RunExecutor {

  private static final Logger LOG = Logger.getLogger(RunExecutor.class);

  @Inject TrainerConfig config;
  @Inject DeviceSetting device;
  @Inject ObjectStore store;
  @Inject DatasetReader datasets;
  @Inject CheckpointStore checkpoints;
  @Inject TrainingEventPublisher events;
  @Inject Cancellations cancellations;
  @Inject RunArtifacts artifacts;
  @Inject TrainingMetrics metrics;
  @Inject Tracing tracing;

  /** Settings that cannot work stop the worker at start. */
  void checkSettings(@Observes StartupEvent start) {
    if (config.maxEpochs() < 1) {
      throw new IllegalArgumentException(
          "trainer.max-epochs must be at least 1, was " + config.maxEpochs());
    }
    if (config.keepCheckpoints() < 1) {
      throw new IllegalArgumentException(
          "trainer.keep-checkpoints must be at least 1, was " + config.keepCheckpoints());
    }
    limits();
  }

  /** The model caps; settings below 1 stop the worker at start (checkSettings). */
  private ModelLimits limits() {
    return new ModelLimits(config.maxModelParams(), config.maxActivationBytes());
  }

  /**
   * Runs {@code request}; {@code stop} is polled between batches and ends the run early, leaving a
   * checkpoint of that moment for whoever takes it next.
   */
  public RunOutcome run(RunRequested request, BooleanSupplier stop) {
    String runId = request.runId();
    // 1. a run id names one run: another request under it is refused, leaving the run's history
    // as it is; the same request again (a redelivery) is announced again or continued
    Optional<RunRequested> accepted = store.findJson(ObjectKeys.runSpec(runId), RunRequested.class);
    if (accepted.isPresent() && !sameRequest(accepted.get(), request)) {
      return fail(
          runId,
          "run id already used: run "
              + runId
              + " was requested before with other settings; choose a new run id",
          "runId");
    }
    Optional<RunHistory> history = store.findJson(ObjectKeys.runHistory(runId), RunHistory.class);
    if (history.isPresent() && RunHistory.COMPLETED.equals(history.get().status())) {
      LOG.infof("run %s completed before; announcing it again", runId);
      events.publish(completed(request, history.get(), false, artifacts.keys(runId)));
      return RunOutcome.COMPLETED;
    }
    if (cancellations.isCancelled(runId)) {
      return cancelled(request, history.map(h -> h.epochs().size()).orElse(0));
    }
    int epochs = request.hyperparameters().epochs();
    if (epochs > config.maxEpochs()) {
      return fail(
          runId,
          "hyperparameters.epochs is "
              + epochs
              + "; this trainer trains at most "
              + config.maxEpochs()
              + " epochs a run (trainer.max-epochs)",
          "hyperparameters.epochs");
    }

    // 2. the request must name an architecture that fits an ingested dataset
    DatasetManifest manifest;
    RunPlan plan;
    ImageSet train;
    ImageSet validation;
    try (Traced span =
        tracing.span("dataset load").attribute("stride.dataset_id", request.datasetId())) {
      try {
        manifest = datasets.manifest(request.datasetId());
        plan = RunPlan.of(request, manifest, limits());
        train = datasets.split(manifest, DatasetManifest.TRAIN);
        validation = datasets.split(manifest, DatasetManifest.VALIDATION);
        span.attribute("stride.train_images", train.size());
        span.attribute("stride.validation_images", validation.size());
      } catch (RequestException e) {
        span.failed(e);
        return fail(runId, e.getMessage(), e.field());
      } catch (DatasetUnavailableException e) {
        span.failed(e);
        return fail(runId, e.getMessage(), "datasetId");
      }
    }
    if (validation.size() == 0) {
      return fail(
          runId, "dataset " + request.datasetId() + " has no validation images", "datasetId");
    }
    Network network =
        Network.builder().setSpec(plan.spec()).setClasses(manifest.classNames().size()).build();
    store.putJson(ObjectKeys.runSpec(runId), request);
    artifacts.describe(runId, plan.spec(), manifest.classNames().size());

    // 3. a run another worker started continues from its newest whole checkpoint
    Path work = workDirectory(runId);
    Path parameters = work.resolve("latest.params");
    List<String> refused = new ArrayList<>();
    Optional<CheckpointStore.Fetched> whole =
        checkpoints.newestWhole(
            runId,
            work,
            reason -> {
              LOG.warnf("run %s: passing over a torn checkpoint: %s", runId, reason);
              refused.add(reason);
            });
    BooleanSupplier stopOrCancel = () -> stop.getAsBoolean() || cancellations.cancelledHere(runId);
    RunObserver observer;
    TrainingJob.Builder job = job(request, plan, network.block(), train, validation);
    if (whole.isPresent()) {
      Checkpoint from = whole.get().checkpoint();
      int epoch = from.completeEpoch() ? from.epoch() + 1 : from.epoch();
      int batch = from.completeEpoch() ? 0 : from.batch();
      String key = CheckpointStore.documentKey(runId, from.epoch(), from.batch());
      observer =
          observer(
              request,
              plan,
              stopOrCancel,
              parameters,
              history.orElse(null),
              new StartPoint(epoch, key, refused));
      LOG.infof("run %s: resuming at epoch %d, batch %d, from %s", runId, epoch, batch, key);
      if (epoch > request.hyperparameters().epochs()) {
        // every epoch was trained and checkpointed; only the announcement was missing
        return finish(request, network, whole.get().parameters(), observer, false);
      }
      job.optResume(new Resume(epoch, batch, whole.get().parameters(), observer.history()));
    } else {
      observer = observer(request, plan, stopOrCancel, parameters, null, StartPoint.fresh(refused));
    }
    LOG.infof(
        "run %s: %s on %s (%d train, %d validation images), %d epochs of batch %d",
        runId,
        request.architecture(),
        request.datasetId(),
        train.size(),
        validation.size(),
        request.hyperparameters().epochs(),
        request.hyperparameters().batchSize());
    TrainingResult result;
    try {
      result = TrainingLoop.run(job.optObserver(observer).build());
    } catch (StorageException | PublishException e) {
      throw e; // an outage: the run is left to its next owner as it is
    } catch (RuntimeException | Error e) {
      // the history ends as failed; the request's consumer answers with RunFailed
      try {
        observer.failed();
      } catch (RuntimeException unwritten) {
        e.addSuppressed(unwritten);
      }
      throw e;
    }

    // 4. announce the end, or leave the run to the next owner
    if (result.stopped()) {
      if (cancellations.isCancelled(runId)) {
        observer.cancelled();
        return cancelled(request, result.history().size());
      }
      observer.stopped();
      LOG.infof(
          "run %s stopped after %d epochs; its next owner continues it",
          runId, result.history().size());
      return RunOutcome.STOPPED;
    }
    return finish(request, network, parameters, observer, result.stoppedEarly());
  }

  /** Refuses a request that cannot run, naming the field at fault. */
  public RunOutcome fail(String runId, String reason, String field) {
    LOG.warnf("run %s refused: %s", runId, reason);
    events.publish(new RunFailed(runId, reason, field));
    return RunOutcome.FAILED;
  }

  private RunOutcome finish(
      RunRequested request,
      Network network,
      Path parameters,
      RunObserver observer,
      boolean stoppedEarly) {
    Map<String, String> keys = artifacts.drawFilters(request.runId(), network, parameters);
    RunHistory history = observer.completed();
    events.publish(completed(request, history, stoppedEarly, keys));
    LOG.infof(
        "run %s completed: %d epochs, best %d",
        request.runId(), history.epochs().size(), history.bestEpoch());
    return RunOutcome.COMPLETED;
  }

  private RunOutcome cancelled(RunRequested request, int epochs) {
    String reason = cancellations.reason(request.runId()).orElse("cancelled");
    // a cancelled run is not continued: its newest and best checkpoints are all it needs
    checkpoints.prune(request.runId(), 1);
    LOG.infof("run %s cancelled after %d epochs: %s", request.runId(), epochs, reason);
    events.publish(new RunCancelled(request.runId(), epochs, reason));
    return RunOutcome.CANCELLED;
  }

  private TrainingJob.Builder job(
      RunRequested request, RunPlan plan, Block block, ImageSet train, ImageSet validation) {
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
            .optShuffle(hyper.shuffle())
            .optNormalization(plan.normalization())
            .optAugmentation(plan.augmentation())
            .optSchedule(plan.schedule())
            .optDevices(device.devices(hyper.devices()))
            .optProgressInterval(config.progressInterval());
    if (plan.earlyStopping() != null) {
      job.optEarlyStopping(plan.earlyStopping());
    }
    if (hyper.maxBatches() != null) {
      job.optMaxBatches(hyper.maxBatches());
    }
    return job;
  }

  private RunObserver observer(
      RunRequested request,
      RunPlan plan,
      BooleanSupplier stop,
      Path parameters,
      RunHistory before,
      StartPoint start) {
    return new RunObserver(
        new RunContext(
            request,
            plan,
            worker(),
            start,
            before,
            parameters,
            stop,
            events,
            metrics,
            tracing,
            store,
            checkpoints,
            config.keepCheckpoints()));
  }

  /** Whether two requests ask for the same run: the same fields, defaults filled in. */
  private static boolean sameRequest(RunRequested accepted, RunRequested request) {
    try {
      return Json.tree(Json.toBytes(accepted)).equals(Json.tree(Json.toBytes(request)));
    } catch (IOException e) {
      throw new UncheckedIOException("a request does not read back as JSON", e);
    }
  }

  private RunCompleted completed(
      RunRequested request, RunHistory history, boolean stoppedEarly, Map<String, String> keys) {
    String runId = request.runId();
    int last = history.epochs().get(history.epochs().size() - 1).epoch();
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
        history.seconds(),
        stoppedEarly,
        keys,
        storedBytes(runId));
  }

  /** What the run keeps in the store: checkpoints, history, model description, filters. */
  private long storedBytes(String runId) {
    return store.list(ObjectKeys.runPrefix(runId)).stream().mapToLong(ObjectInfo::size).sum();
  }

  private String worker() {
    return config.workerName().orElseGet(() -> hostName() + "/" + ProcessHandle.current().pid());
  }

  private Path workDirectory(String runId) {
    try {
      return Files.createDirectories(
          Path.of(config.workDirectory()).resolve("stride-run-" + runId));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a work folder in " + config.workDirectory(), e);
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
