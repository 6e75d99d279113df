package dev.stride.evaluator.evaluation;

import dev.stride.contracts.events.RunCompleted;
import dev.stride.contracts.objects.Checkpoint;
import dev.stride.contracts.objects.EvaluationReport;
import dev.stride.data.ImageSet;
import dev.stride.nn.Classifier;
import java.util.ArrayList;
import java.util.List;

/** Builds a report from a classifier's scores on a labelled set. */
final class Reports {

  private Reports() {}

  static EvaluationReport of(
      RunCompleted run,
      Checkpoint checkpoint,
      ImageSet test,
      Classifier.Scores scores,
      double seconds) {
    int classes = checkpoint.classNames().size();
    int[][] confusion = new int[classes][classes];
    for (int i = 0; i < test.size(); i++) {
      confusion[test.label(i)][argMax(scores.probabilities()[i])]++;
    }
    List<List<Integer>> matrix = new ArrayList<>();
    List<Double> classAccuracy = new ArrayList<>();
    for (int k = 0; k < classes; k++) {
      List<Integer> row = new ArrayList<>();
      int total = 0;
      for (int j = 0; j < classes; j++) {
        row.add(confusion[k][j]);
        total += confusion[k][j];
      }
      matrix.add(row);
      // a class without test images has no accuracy, rather than 0 or NaN
      classAccuracy.add(total == 0 ? null : confusion[k][k] / (double) total);
    }
    return new EvaluationReport(
        run.runId(),
        checkpoint.datasetId(),
        run.checkpointKey(),
        checkpoint.epoch(),
        test.size(),
        scores.loss(),
        scores.accuracy(),
        checkpoint.classNames(),
        classAccuracy,
        matrix,
        seconds,
        Evaluator.now());
  }

  static int argMax(float[] values) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      if (values[i] > values[best]) {
        best = i;
      }
    }
    return best;
  }
}
