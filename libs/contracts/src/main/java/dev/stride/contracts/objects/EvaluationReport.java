package dev.stride.contracts.objects;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * {@code runs/{runId}/evaluation/report.json}: a finished run's checkpoints scored on its dataset's
 * test split. The candidate (the checkpoint offered for promotion) is the best one by validation
 * accuracy: the test split does not choose it, it only measures it.
 *
 * @param evaluations the final checkpoint's and, when another epoch validated better, the best
 *     one's
 * @param pictures picture name (confusion, predictions, confidence, calibration) → object key, all
 *     of the candidate
 * @param device where the checkpoints were scored, as DJL prints it ("cpu()", "gpu(0)"); null in
 *     reports written before the evaluator recorded it
 */
public record EvaluationReport(
    String runId,
    String datasetId,
    String modelName,
    String candidateKey,
    List<CheckpointEvaluation> evaluations,
    Map<String, String> pictures,
    double highConfidence,
    double lowConfidence,
    String device,
    OffsetDateTime createdAt) {

  public static final String FINAL = "final";
  public static final String BEST = "best";

  /** The evaluation of the candidate. */
  public CheckpointEvaluation candidate() {
    return evaluations.stream()
        .filter(e -> e.checkpointKey().equals(candidateKey))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("report of " + runId + " has no candidate"));
  }

  /**
   * One checkpoint on the test split.
   *
   * @param roles "final", "best" or both
   * @param confusion {@code confusion[true][predicted]} image counts
   */
  public record CheckpointEvaluation(
      List<String> roles,
      String checkpointKey,
      int epoch,
      int examples,
      double loss,
      double accuracy,
      double top3Accuracy,
      Double macroF1,
      List<ClassScores> classes,
      List<List<Integer>> confusion,
      List<ConfidenceCase> confidenceCases,
      Calibration calibration,
      double seconds) {}

  /**
   * One class: null where a ratio has no denominator (no test images of the class: no recall; never
   * predicted: no precision).
   */
  public record ClassScores(
      String name, int support, int predicted, Double precision, Double recall, Double f1) {}

  /**
   * One of the notebook's four cases: how many test images, their mean loss (null when none), and
   * the first few of them (test-split indices, most telling first).
   */
  public record ConfidenceCase(
      String kind, String title, int count, Double meanLoss, List<Integer> examples) {}

  /** Expected calibration error and the reliability bins behind it. */
  public record Calibration(double expectedCalibrationError, List<Bin> bins) {

    /**
     * Confidence in [lower, upper): how many, their mean confidence and accuracy (null if none).
     */
    public record Bin(
        double lower, double upper, int count, Double meanConfidence, Double accuracy) {}
  }
}
