package dev.stride.evaluator.registry;

import dev.stride.contracts.ObjectKeys;
import dev.stride.contracts.objects.EvaluationReport;
import dev.stride.storage.CheckpointStore;
import dev.stride.storage.ObjectStore;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/** Evaluation reports written straight to the store, so registry tests need no training. */
public final class EvaluatedRuns {

  private EvaluatedRuns() {}

  /** A report of one checkpoint, both final and best, at test accuracy 0.5. */
  public static void write(ObjectStore store, String runId, String modelName) {
    String key = CheckpointStore.documentKey(runId, 1);
    EvaluationReport.CheckpointEvaluation evaluation =
        new EvaluationReport.CheckpointEvaluation(
            List.of(EvaluationReport.FINAL, EvaluationReport.BEST),
            key,
            1,
            10,
            1.0,
            0.5,
            0.8,
            null,
            List.of(),
            List.of(),
            List.of(),
            null,
            0.1);
    store.putJson(
        ObjectKeys.evaluationReport(runId),
        new EvaluationReport(
            runId,
            "registry-ds",
            modelName,
            key,
            List.of(evaluation),
            Map.of(),
            0.8,
            0.5,
            "cpu()",
            OffsetDateTime.now()));
  }
}
