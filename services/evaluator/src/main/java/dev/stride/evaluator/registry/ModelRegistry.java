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
   * Undoes promotions: puts back the entry the current one replaced, or, with {@code toRunId}, the
   * newest earlier entry of that run, undoing every promotion after it. Rollbacks walk back through
   * history (A, B, C promoted: two rollbacks reach A); a run rolled back from is reached again by
   * promoting it.
   *
   * @param toRunId the run to go back to, or null for the entry before the current one
   * @throws RegistryException 404 if nothing is promoted, 409 if there is no such earlier entry
   */
  public synchronized ModelPointer rollback(String modelName, String toRunId)
      throws RegistryException {
    ModelPointer current =
        current(modelName)
            .orElseThrow(() -> new RegistryException(404, "no run is promoted under " + modelName));
    List<ModelPointer> lineage = lineage(history(modelName).entries());
    // lineage's last entry is the current one; what it replaced comes before it
    List<ModelPointer> earlier = lineage.subList(0, Math.max(0, lineage.size() - 1));
    if (earlier.isEmpty()) {
      throw new RegistryException(
          409,
          modelName
              + " has no earlier entry to roll back to: run "
              + current.runId()
              + " is the oldest");
    }
    ModelPointer target = earlier.get(earlier.size() - 1);
    if (toRunId != null) {
      // the newest entry of that run: a run promoted twice goes back to its latest place
      int at = earlier.size() - 1;
      while (at >= 0 && !earlier.get(at).runId().equals(toRunId)) {
        at--;
      }
      if (at < 0) {
        throw new RegistryException(
            409,
            "run "
                + toRunId
                + " is not an entry before the current one of "
                + modelName
                + " (those are "
                + String.join(", ", earlier.stream().map(ModelPointer::runId).toList())
                + "); promote it to serve it again");
      }
      target = earlier.get(at);
    }
    return install(
        modelName,
        target.runId(),
        target.checkpointKey(),
        target.architecture(),
        target.testAccuracy(),
        "rollback");
  }

  /**
   * The entries a model name would go back through, oldest first, ending with the current one: each
   * promotion is stacked on the one it replaced, and a rollback unstacks down to the entry it put
   * back.
   */
  static List<ModelPointer> lineage(List<ModelPointer> history) {
    List<ModelPointer> stack = new ArrayList<>();
    for (ModelPointer entry : history) {
      if ("rollback".equals(entry.reason())) {
        int back = stack.size() - 2;
        while (back >= 0 && !sameEntry(stack.get(back), entry)) {
          back--;
        }
        if (back >= 0) {
          stack.subList(back + 1, stack.size()).clear();
          continue;
        }
        // a rollback to an entry no longer in the lineage (histories written before rollbacks
        // walked back): it stands as a promotion of its own
      }
      stack.add(entry);
    }
    return stack;
  }

  private static boolean sameEntry(ModelPointer a, ModelPointer b) {
    return a.runId().equals(b.runId()) && a.checkpointKey().equals(b.checkpointKey());
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
