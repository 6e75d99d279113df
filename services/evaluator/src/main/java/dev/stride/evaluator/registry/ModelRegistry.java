package dev.stride.evaluator.registry;

import dev.stride.contracts.ObjectKeys;
import dev.stride.contracts.events.ModelPromoted;
import dev.stride.contracts.events.RunCompleted;
import dev.stride.contracts.objects.EvaluationReport;
import dev.stride.contracts.objects.ModelPointer;
import dev.stride.evaluator.EvaluatorConfig;
import dev.stride.evaluator.evaluation.EvaluationEventPublisher;
import dev.stride.storage.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Which run each model name serves: {@code models/{name}/current.json}. A newly evaluated run takes
 * the place when the promotion policy says so; every change is announced as ModelPromoted.
 */
@ApplicationScoped
public class ModelRegistry {

  private static final Logger LOG = Logger.getLogger(ModelRegistry.class);

  @Inject EvaluatorConfig config;
  @Inject ObjectStore store;
  @Inject EvaluationEventPublisher events;

  public Optional<ModelPointer> current(String modelName) {
    return store.findJson(ObjectKeys.currentModel(modelName), ModelPointer.class);
  }

  /** Promotes the run if the policy prefers it to the current one. */
  public void consider(RunCompleted run, EvaluationReport report) {
    Optional<ModelPointer> current = current(run.modelName());
    boolean promote =
        switch (config.promotion()) {
          case ALWAYS -> true;
          case NEVER -> false;
          case BETTER -> current.isEmpty() || report.accuracy() > current.get().testAccuracy();
        };
    if (!promote) {
      LOG.infof(
          "run %s (test accuracy %.4f) does not replace %s for %s",
          run.runId(),
          report.accuracy(),
          current.map(ModelPointer::runId).orElse("nothing"),
          run.modelName());
      return;
    }
    ModelPointer pointer =
        new ModelPointer(
            run.modelName(),
            run.runId(),
            report.checkpointKey(),
            run.architecture(),
            report.accuracy(),
            current.map(ModelPointer::runId).orElse(null),
            OffsetDateTime.now(ZoneOffset.UTC));
    store.putJson(ObjectKeys.currentModel(run.modelName()), pointer);
    LOG.infof("model %s now serves run %s", run.modelName(), run.runId());
    events.publish(promoted(pointer));
  }

  /** Repeats the ModelPromoted of a run that holds the place, for a redelivered RunCompleted. */
  public void announceAgain(String modelName, String runId) {
    current(modelName)
        .filter(pointer -> pointer.runId().equals(runId))
        .ifPresent(pointer -> events.publish(promoted(pointer)));
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
