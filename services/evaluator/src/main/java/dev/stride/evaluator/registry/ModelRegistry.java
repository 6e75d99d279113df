package dev.stride.evaluator.registry;

import dev.stride.contracts.ObjectKeys;
import dev.stride.contracts.events.ModelPromoted;
import dev.stride.contracts.events.RunCompleted;
import dev.stride.contracts.objects.EvaluationReport;
import dev.stride.contracts.objects.ModelHistory;
import dev.stride.contracts.objects.ModelPointer;
import dev.stride.evaluator.EvaluatorConfig;
import dev.stride.messaging.EventPublisher;
import dev.stride.storage.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Which run each model name serves: {@code models/{name}/current.json}, with every change kept in
 * {@code history.json}. A newly evaluated run takes the place when the promotion policy says so;
 * runs are also promoted and rolled back by hand. Every change is announced as ModelPromoted.
 */
@ApplicationScoped
public class ModelRegistry {

  private static final Logger LOG = Logger.getLogger(ModelRegistry.class);

  @Inject EvaluatorConfig config;
  @Inject ObjectStore store;
  // the service's one publisher, by its messaging type: the registry needs nothing of evaluation
  @Inject EventPublisher events;

  public Optional<ModelPointer> current(String modelName) {
    return store.findJson(ObjectKeys.currentModel(modelName), ModelPointer.class);
  }

  public ModelHistory history(String modelName) {
    return store
        .findJson(ObjectKeys.modelHistory(modelName), ModelHistory.class)
        .orElse(new ModelHistory(modelName, List.of()));
  }

  /** Promotes the run's candidate if the policy prefers it to the current one. */
  public synchronized void consider(RunCompleted run, EvaluationReport report) {
    Optional<ModelPointer> current = current(run.modelName());
    double accuracy = report.candidate().accuracy();
    boolean promote =
        switch (config.promotion()) {
          case ALWAYS -> true;
          case NEVER -> false;
          case BETTER -> current.isEmpty() || accuracy > current.get().testAccuracy();
        };
    if (!promote) {
      LOG.infof(
          "run %s (test accuracy %.4f) does not replace %s for %s",
          run.runId(),
          accuracy,
          current.map(ModelPointer::runId).orElse("nothing"),
          run.modelName());
      return;
    }
    String reason =
        config.promotion() == EvaluatorConfig.PromotionPolicy.ALWAYS ? "always" : "better";
    install(
        run.modelName(), run.runId(), report.candidateKey(), run.architecture(), accuracy, reason);
  }

  /**
   * Promotes one of a run's evaluated checkpoints by hand, whatever the policy.
   *
   * @param checkpoint "best" or "final"
   * @throws RegistryException if the run has no evaluation or no such checkpoint
   */
  public synchronized ModelPointer promote(String modelName, String runId, String checkpoint)
      throws RegistryException {
    EvaluationReport report =
        store
            .findJson(ObjectKeys.evaluationReport(runId), EvaluationReport.class)
            .orElseThrow(
                () -> new RegistryException(404, "run " + runId + " has no evaluation to promote"));
    EvaluationReport.CheckpointEvaluation chosen =
        report.evaluations().stream()
            .filter(e -> e.roles().contains(checkpoint))
            .findFirst()
            .orElseThrow(
                () ->
                    new RegistryException(
                        400, "checkpoint must be 'best' or 'final', not '" + checkpoint + "'"));
    String architecture =
        store
            .findJson(ObjectKeys.runSpec(runId), dev.stride.contracts.events.RunRequested.class)
            .map(dev.stride.contracts.events.RunRequested::architecture)
            .orElse(null);
    return install(
        modelName, runId, chosen.checkpointKey(), architecture, chosen.accuracy(), "manual");
  }

  /**
   * Puts back the entry before the current one.
   *
   * @throws RegistryException if there is none
   */
  public synchronized ModelPointer rollback(String modelName) throws RegistryException {
    ModelPointer current =
        current(modelName)
            .orElseThrow(() -> new RegistryException(404, "no run is promoted under " + modelName));
    List<ModelPointer> entries = history(modelName).entries();
    // the newest earlier entry that is not the current one
    for (int i = entries.size() - 1; i >= 0; i--) {
      ModelPointer earlier = entries.get(i);
      if (!earlier.checkpointKey().equals(current.checkpointKey())) {
        return install(
            modelName,
            earlier.runId(),
            earlier.checkpointKey(),
            earlier.architecture(),
            earlier.testAccuracy(),
            "rollback");
      }
    }
    throw new RegistryException(409, modelName + " has no earlier entry to roll back to");
  }

  /**
   * For a redelivered RunCompleted whose evaluation is on record: repeats the ModelPromoted of a
   * run that holds the place, and considers a run never installed (its evaluator stopped between
   * writing the report and promoting, e.g. on SIGTERM), so its promotion is not lost. A run that
   * was installed once and since replaced is left alone.
   */
  public synchronized void considerAgain(RunCompleted run, EvaluationReport report) {
    Optional<ModelPointer> current = current(run.modelName());
    if (current.isPresent() && current.get().runId().equals(run.runId())) {
      events.publish(promoted(current.get()));
    } else if (history(run.modelName()).entries().stream()
        .noneMatch(entry -> entry.runId().equals(run.runId()))) {
      consider(run, report);
    }
  }

  private ModelPointer install(
      String modelName,
      String runId,
      String checkpointKey,
      String architecture,
      double accuracy,
      String reason) {
    ModelPointer pointer =
        new ModelPointer(
            modelName,
            runId,
            checkpointKey,
            architecture,
            accuracy,
            current(modelName).map(ModelPointer::runId).orElse(null),
            reason,
            OffsetDateTime.now(ZoneOffset.UTC));
    List<ModelPointer> entries = new ArrayList<>(history(modelName).entries());
    entries.add(pointer);
    // history first: a crash between the two leaves the old entry current and the change on record
    store.putJson(ObjectKeys.modelHistory(modelName), new ModelHistory(modelName, entries));
    store.putJson(ObjectKeys.currentModel(modelName), pointer);
    LOG.infof("model %s now serves run %s (%s)", modelName, runId, reason);
    events.publish(promoted(pointer));
    return pointer;
  }

  private static ModelPromoted promoted(ModelPointer pointer) {
    return new ModelPromoted(
        pointer.runId(),
        pointer.modelName(),
        pointer.checkpointKey(),
        pointer.testAccuracy(),
        pointer.previousRunId());
  }
}
