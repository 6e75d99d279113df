package dev.stride.evaluator.evaluation;

import ai.djl.Device;
import dev.stride.contracts.ObjectKeys;
import dev.stride.contracts.events.EvaluationCompleted;
import dev.stride.contracts.events.EvaluationFailed;
import dev.stride.contracts.events.RunCompleted;
import dev.stride.contracts.objects.Checkpoint;
import dev.stride.contracts.objects.DatasetManifest;
import dev.stride.contracts.objects.EvaluationReport;
import dev.stride.data.ImageSet;
import dev.stride.evaluator.EvaluatorConfig;
import dev.stride.evaluator.registry.ModelRegistry;
import dev.stride.nn.Classifier;
import dev.stride.nn.UnknownArchitectureException;
import dev.stride.storage.CheckpointStore;
import dev.stride.storage.CorruptCheckpointException;
import dev.stride.storage.DatasetReader;
import dev.stride.storage.DatasetUnavailableException;
import dev.stride.storage.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * The notebook's {@code model.evaluate} on the test split, for every finished run: check and load
 * the checkpoint, score it, write the report, announce it, and offer the run to the registry.
 */
@ApplicationScoped
public class Evaluator {

  private static final Logger LOG = Logger.getLogger(Evaluator.class);

  @Inject EvaluatorConfig config;
  @Inject ObjectStore store;
  @Inject DatasetReader datasets;
  @Inject CheckpointStore checkpoints;
  @Inject ModelRegistry registry;
  @Inject EvaluationEventPublisher events;

  public void onRunCompleted(RunCompleted run) {
    String runId = run.runId();
    // 1. a checkpoint evaluated before (a redelivered RunCompleted) is announced again, not
    // rescored
    Optional<EvaluationReport> earlier =
        store
            .findJson(ObjectKeys.evaluationReport(runId), EvaluationReport.class)
            .filter(report -> report.checkpointKey().equals(run.checkpointKey()));
    if (earlier.isPresent()) {
      LOG.infof("run %s was evaluated before; announcing it again", runId);
      announce(run, earlier.get(), false);
      return;
    }

    Path work = workDirectory(runId);
    try {
      // 2. a checkpoint that is missing, torn or does not fit its architecture is refused
      CheckpointStore.Fetched fetched = checkpoints.fetch(run.checkpointKey(), work);
      Checkpoint checkpoint = fetched.checkpoint();
      DatasetManifest manifest = datasets.manifest(checkpoint.datasetId());
      ImageSet test = datasets.split(manifest, DatasetManifest.TEST);
      long started = System.nanoTime();
      Classifier.Scores scores;
      try (Classifier classifier =
          Classifier.load(
              checkpoint.architecture(),
              checkpoint.classNames().size(),
              fetched.parameters(),
              Device.cpu())) {
        // 3. score the test split
        scores = classifier.score(test, config.batchSize());
      }
      // 4. report, announce, offer for promotion
      EvaluationReport report =
          Reports.of(run, checkpoint, test, scores, (System.nanoTime() - started) / 1e9);
      store.putJson(ObjectKeys.evaluationReport(runId), report);
      LOG.infof("run %s: test accuracy %.4f, loss %.4f", runId, report.accuracy(), report.loss());
      announce(run, report, true);
    } catch (CorruptCheckpointException | IOException | UnknownArchitectureException e) {
      fail(run, e.getMessage());
    } catch (DatasetUnavailableException e) {
      fail(run, e.getMessage());
    } finally {
      deleteRecursively(work);
    }
  }

  /**
   * {@code fresh}: scored now, so it may be promoted; else only an earlier promotion is repeated.
   */
  private void announce(RunCompleted run, EvaluationReport report, boolean fresh) {
    events.publish(
        new EvaluationCompleted(
            run.runId(),
            run.modelName(),
            report.checkpointKey(),
            report.examples(),
            report.loss(),
            report.accuracy(),
            ObjectKeys.evaluationReport(run.runId())));
    if (fresh) {
      registry.consider(run, report);
    } else {
      registry.announceAgain(run.modelName(), run.runId());
    }
  }

  private void fail(RunCompleted run, String reason) {
    LOG.warnf("run %s not evaluated: %s", run.runId(), reason);
    events.publish(new EvaluationFailed(run.runId(), run.checkpointKey(), reason));
  }

  private Path workDirectory(String runId) {
    try {
      Path root = Files.createDirectories(Path.of(config.workDirectory()));
      return Files.createTempDirectory(root, "stride-eval-" + runId + "-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a work folder in " + config.workDirectory(), e);
    }
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      List<Path> all = new ArrayList<>(paths.toList());
      all.sort(Comparator.reverseOrder());
      for (Path path : all) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      LOG.warnf("cannot clean %s: %s", dir, e.getMessage());
    }
  }

  static OffsetDateTime now() {
    return OffsetDateTime.now(ZoneOffset.UTC);
  }
}
