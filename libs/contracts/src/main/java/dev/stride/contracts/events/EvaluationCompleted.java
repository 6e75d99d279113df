package dev.stride.contracts.events;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A finished run was scored on its dataset's test split. The numbers are the candidate's (the best
 * checkpoint by validation accuracy, which is offered for promotion); the report has every number
 * of the final and the best checkpoint, and {@code pictures} names the candidate's charts. {@code
 * refusedCheckpoints} says why each checkpoint the run named, or fell back past, was not scored
 * (torn: truncated, missing, or failing its hash), each reason naming the object; the previous
 * whole checkpoint was scored in its place. Empty when every named checkpoint was whole. {@code
 * device} is where it was scored, as DJL prints it ("cpu()", "gpu(0)"); null in events sent before
 * the evaluator reported it.
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
    Map<String, String> pictures,
    List<String> refusedCheckpoints,
    String device)
    implements Event {

  public EvaluationCompleted {
    Checks.required(runId, "runId");
    Checks.required(reportKey, "reportKey");
    // sorted, so the JSON is the same on every run
    pictures =
        Collections.unmodifiableSortedMap(new TreeMap<>(pictures == null ? Map.of() : pictures));
    refusedCheckpoints = refusedCheckpoints == null ? List.of() : List.copyOf(refusedCheckpoints);
  }

  /**
   * An evaluation of the checkpoints the run named, all of them whole, on a device not reported.
   */
  public EvaluationCompleted(
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
      Map<String, String> pictures) {
    this(
        runId,
        modelName,
        checkpointKey,
        epoch,
        examples,
        testLoss,
        testAccuracy,
        top3Accuracy,
        calibrationError,
        reportKey,
        pictures,
        List.of(),
        null);
  }

  @Override
  public String key() {
    return runId;
  }
}
