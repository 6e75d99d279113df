package dev.stride.evaluator.evaluation;

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
import dev.stride.nn.DeviceSetting;
import dev.stride.nn.UnknownArchitectureException;
import dev.stride.nn.metrics.Calibration;
import dev.stride.nn.metrics.Classification;
import dev.stride.nn.metrics.ConfidenceCases;
import dev.stride.observability.Traced;
import dev.stride.observability.Tracing;
import dev.stride.storage.CheckpointStore;
import dev.stride.storage.CorruptCheckpointException;
import dev.stride.storage.DatasetReader;
import dev.stride.storage.DatasetUnavailableException;
import dev.stride.storage.ObjectStore;
import dev.stride.storage.StorageException;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * The notebook's test section, for every finished run: check and load the final and the best
 * checkpoint, score both on the test split, answer the notebook's question about confidence, draw
 * its figures, write the report, announce it, and offer the best checkpoint to the registry.
 */
@ApplicationScoped
public class Evaluator {

  private static final Logger LOG = Logger.getLogger(Evaluator.class);

  @Inject EvaluatorConfig config;
  @Inject DeviceSetting device;
  @Inject ObjectStore store;
  @Inject DatasetReader datasets;
  @Inject CheckpointStore checkpoints;
  @Inject CheckpointScorer scorer;
  @Inject ModelRegistry registry;
  @Inject EvaluationEventPublisher events;
  @Inject Tracing tracing;

  public void onRunCompleted(RunCompleted run) {
    String runId = run.runId();
    String finalKey = run.checkpointKey();
    String bestKey = run.bestCheckpointKey() != null ? run.bestCheckpointKey() : finalKey;
    // 1. checkpoints evaluated before (a redelivered RunCompleted): announced again, not rescored
    Optional<EvaluationReport> earlier =
        earlierReport(runId).filter(r -> r.candidateKey().equals(bestKey) && has(r, finalKey));
    if (earlier.isPresent()) {
      LOG.infof("run %s was evaluated before; announcing it again", runId);
      announce(run, earlier.get(), false, List.of());
      return;
    }

    Path work = null;
    try {
      work = workDirectory(runId);
      // 2. both checkpoints must be whole; a torn one gives way to the previous whole one, and
      // the event says so; with none whole the evaluation fails
      List<String> refused = new ArrayList<>();
      Whole last = wholeAtOrBefore(run, finalKey, run.finalEpoch(), work.resolve("final"), refused);
      int bestEpoch = run.bestCheckpointKey() != null ? run.bestEpoch() : run.finalEpoch();
      Whole best =
          bestKey.equals(finalKey)
              ? last
              : wholeAtOrBefore(run, bestKey, bestEpoch, work.resolve("best"), refused);
      Map<String, CheckpointStore.Fetched> fetched = new LinkedHashMap<>();
      fetched.put(last.key(), last.fetched());
      fetched.putIfAbsent(best.key(), best.fetched());
      Checkpoint candidate = best.fetched().checkpoint();
      ImageSet test;
      try (Traced span =
          tracing.span("dataset load").attribute("stride.dataset_id", candidate.datasetId())) {
        DatasetManifest manifest = datasets.manifest(candidate.datasetId());
        test = datasets.split(manifest, DatasetManifest.TEST);
        span.attribute("stride.test_images", test.size());
      }

      // 3. score each on the test split; the best one also gets the figures
      List<EvaluationReport.CheckpointEvaluation> evaluations = new ArrayList<>();
      Map<String, String> pictures = new LinkedHashMap<>();
      for (Map.Entry<String, CheckpointStore.Fetched> entry : fetched.entrySet()) {
        String key = entry.getKey();
        long started = System.nanoTime();
        Classification scores;
        try (Traced span =
            tracing.span("checkpoint score").attribute("stride.checkpoint_key", key)) {
          scores = scorer.score(entry.getValue(), test);
          span.attribute("stride.test_accuracy", scores.accuracy());
        }
        List<ConfidenceCases.Group> cases =
            ConfidenceCases.of(scores, config.highConfidence(), config.lowConfidence());
        Calibration calibration = Calibration.of(scores, config.calibrationBins());
        evaluations.add(
            ReportBuilder.evaluation(
                roles(key, last.key(), best.key()),
                key,
                entry.getValue().checkpoint().epoch(),
                scores,
                cases,
                calibration,
                config.caseExamples(),
                (System.nanoTime() - started) / 1e9));
        if (key.equals(best.key())) {
          String title = runId + ", epoch " + candidate.epoch();
          Pictures.of(
                  title,
                  test,
                  scores,
                  cases,
                  calibration,
                  config.caseExamples(),
                  config.predictionsSeed())
              .forEach(
                  (name, png) -> {
                    String pictureKey = ObjectKeys.evaluationPicture(runId, name);
                    store.put(pictureKey, png, ObjectStore.PNG);
                    pictures.put(name, pictureKey);
                  });
        }
      }

      // 4. the report, then the announcement and the offer to the registry
      EvaluationReport report =
          new EvaluationReport(
              runId,
              candidate.datasetId(),
              run.modelName(),
              best.key(),
              evaluations,
              pictures,
              config.highConfidence(),
              config.lowConfidence(),
              device.device().toString(),
              OffsetDateTime.now(ZoneOffset.UTC));
      store.putJson(ObjectKeys.evaluationReport(runId), report);
      LOG.infof(
          "run %s: test accuracy %.4f (best epoch %d), top-3 %.4f",
          runId,
          report.candidate().accuracy(),
          candidate.epoch(),
          report.candidate().top3Accuracy());
      announce(run, report, true, refused);
    } catch (CorruptCheckpointException
        | UnknownArchitectureException
        | DatasetUnavailableException e) {
      fail(run, e.getMessage());
    } catch (IOException e) {
      fail(run, e.getMessage());
    } catch (StorageException e) {
      // a document that does not read, or the store unavailable past its retry budget
      // (stride.store.retry.*): the run is answered, not dead-lettered without a word
      LOG.errorf(e, "run %s: evaluation broke on the object store", runId);
      fail(run, "evaluation failed: " + e.getMessage());
    } catch (RuntimeException e) {
      LOG.errorf(e, "run %s: evaluation broke", runId);
      fail(run, "evaluation failed: " + e);
    } catch (Error e) {
      // the machine, not the run: e.g. no fonts (or no libfreetype) to label the charts with.
      // Announced, so the run is answered rather than dead-lettered without a word.
      LOG.errorf(e, "run %s: evaluation broke", runId);
      fail(run, "evaluation failed: " + e);
    } finally {
      if (work != null) {
        deleteRecursively(work);
      }
    }
  }

  /**
   * The report of an earlier evaluation of the run, if one reads: a torn one (or the store out of
   * reach now) means the run is scored again, which answers it either way, with
   * evaluation-completed and a whole report or with evaluation-failed naming what broke, rather
   * than dead-lettering it.
   */
  private Optional<EvaluationReport> earlierReport(String runId) {
    try {
      return store.findJson(ObjectKeys.evaluationReport(runId), EvaluationReport.class);
    } catch (RuntimeException e) {
      LOG.warnf("run %s: its earlier report does not read, so it is scored again: %s", runId, e);
      return Optional.empty();
    }
  }

  /**
   * @param fresh scored now, so it may be promoted; else an earlier promotion is repeated, or one
   *     that never happened is made
   */
  private void announce(
      RunCompleted run, EvaluationReport report, boolean fresh, List<String> refused) {
    EvaluationReport.CheckpointEvaluation candidate = report.candidate();
    events.publish(
        new EvaluationCompleted(
            run.runId(),
            run.modelName(),
            candidate.checkpointKey(),
            candidate.epoch(),
            candidate.examples(),
            candidate.loss(),
            candidate.accuracy(),
            candidate.top3Accuracy(),
            candidate.calibration().expectedCalibrationError(),
            ObjectKeys.evaluationReport(run.runId()),
            report.pictures(),
            refused,
            // where the report's numbers came from, also when it is announced again
            report.device()));
    if (fresh) {
      registry.consider(run, report);
    } else {
      registry.considerAgain(run, report);
    }
  }

  /**
   * The checkpoint at {@code key} if whole, else the previous whole one; each refusal is logged and
   * added to {@code refused}.
   *
   * @throws CorruptCheckpointException naming every refusal, if none is whole
   */
  private Whole wholeAtOrBefore(
      RunCompleted run, String key, int epoch, Path directory, List<String> refused)
      throws IOException, CorruptCheckpointException {
    List<String> reasons = new ArrayList<>();
    Optional<CheckpointStore.Fetched> whole =
        checkpoints.wholeAtOrBefore(
            run.runId(),
            key,
            epoch,
            Files.createDirectories(directory),
            reason -> {
              LOG.warnf("run %s: not evaluating a torn checkpoint: %s", run.runId(), reason);
              reasons.add(reason);
            });
    reasons.stream().filter(r -> !refused.contains(r)).forEach(refused::add);
    if (whole.isEmpty()) {
      throw new CorruptCheckpointException(String.join("; ", reasons));
    }
    if (reasons.isEmpty()) {
      return new Whole(key, whole.get());
    }
    Checkpoint checkpoint = whole.get().checkpoint();
    String previous = CheckpointStore.documentKey(run.runId(), checkpoint.epoch());
    LOG.warnf("run %s: evaluating %s in place of %s", run.runId(), previous, key);
    return new Whole(previous, whole.get());
  }

  /** A checkpoint that checked out, and the key it was read from. */
  private record Whole(String key, CheckpointStore.Fetched fetched) {}

  private void fail(RunCompleted run, String reason) {
    LOG.warnf("run %s not evaluated: %s", run.runId(), reason);
    events.publish(new EvaluationFailed(run.runId(), run.checkpointKey(), reason));
  }

  private static boolean has(EvaluationReport report, String checkpointKey) {
    return report.evaluations().stream().anyMatch(e -> e.checkpointKey().equals(checkpointKey));
  }

  private static List<String> roles(String key, String finalKey, String bestKey) {
    List<String> roles = new ArrayList<>();
    if (key.equals(finalKey)) {
      roles.add(EvaluationReport.FINAL);
    }
    if (key.equals(bestKey)) {
      roles.add(EvaluationReport.BEST);
    }
    return roles;
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
}
