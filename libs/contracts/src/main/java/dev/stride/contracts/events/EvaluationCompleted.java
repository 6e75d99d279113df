package dev.stride.contracts.events;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A finished run was scored on its dataset's test split. The numbers are the candidate's (the best
 * checkpoint by validation accuracy, which is offered for promotion); the report has every number
 * of the final and the best checkpoint, and {@code pictures} names the candidate's charts.
 */
public record EvaluationCompleted(
    String runId,
    String modelName,
    String checkpointKey,
    int epoch,
    int examples,
    double testLoss,
    double testAccuracy,
    double top3Accuracy,
    double calibrationError,
    String reportKey,
    Map<String, String> pictures)
    implements Event {

  public EvaluationCompleted {
    Checks.required(runId, "runId");
    Checks.required(reportKey, "reportKey");
    // sorted, so the JSON is the same on every run
    pictures =
        Collections.unmodifiableSortedMap(new TreeMap<>(pictures == null ? Map.of() : pictures));
  }

  @Override
  public String key() {
    return runId;
  }
}
