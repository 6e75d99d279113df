package dev.stride.evaluator.evaluation;

import dev.stride.contracts.objects.EvaluationReport;
import dev.stride.nn.metrics.Calibration;
import dev.stride.nn.metrics.Classification;
import dev.stride.nn.metrics.ConfidenceCases;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Turns the metrics of one checkpoint into the report's records. */
final class ReportBuilder {

  private ReportBuilder() {}

  static EvaluationReport.CheckpointEvaluation evaluation(
      List<String> roles,
      String checkpointKey,
      int epoch,
      Classification scores,
      List<ConfidenceCases.Group> cases,
      Calibration calibration,
      int caseExamples,
      double seconds) {
    List<EvaluationReport.ClassScores> classes =
        scores.perClass().stream()
            .map(
                c ->
                    new EvaluationReport.ClassScores(
                        c.name(), c.support(), c.predicted(), c.precision(), c.recall(), c.f1()))
            .toList();
    List<List<Integer>> confusion = new ArrayList<>();
    for (int[] row : scores.confusion()) {
      confusion.add(Arrays.stream(row).boxed().toList());
    }
    return new EvaluationReport.CheckpointEvaluation(
        roles,
        checkpointKey,
        epoch,
        scores.examples(),
        meanLoss(scores),
        scores.accuracy(),
        scores.topK(3),
        scores.macroF1(),
        classes,
        confusion,
        cases.stream()
            .map(
                g ->
                    new EvaluationReport.ConfidenceCase(
                        g.kind().name().toLowerCase().replace('_', '-'),
                        g.kind().title(),
                        g.count(),
                        Double.isNaN(g.meanLoss()) ? null : g.meanLoss(),
                        g.examples().subList(0, Math.min(caseExamples, g.examples().size()))))
            .toList(),
        new EvaluationReport.Calibration(
            calibration.expectedCalibrationError(),
            calibration.bins().stream()
                .map(
                    b ->
                        new EvaluationReport.Calibration.Bin(
                            b.lower(),
                            b.upper(),
                            b.count(),
                            nullIfNaN(b.meanConfidence()),
                            nullIfNaN(b.accuracy())))
                .toList()),
        seconds);
  }

  private static double meanLoss(Classification scores) {
    double sum = 0;
    for (int i = 0; i < scores.examples(); i++) {
      sum += scores.loss(i);
    }
    return scores.examples() == 0 ? Double.NaN : sum / scores.examples();
  }

  private static Double nullIfNaN(double value) {
    return Double.isNaN(value) ? null : value;
  }
}
