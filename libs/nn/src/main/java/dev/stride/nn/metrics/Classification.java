package dev.stride.nn.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * How a classifier did on labelled examples: the confusion matrix, accuracy, top-k accuracy and
 * per-class precision, recall and F1, computed from the true labels and the predicted
 * probabilities.
 */
public final class Classification {

  private final List<String> classNames;
  private final int[] labels;
  private final float[][] probabilities;
  private final int[][] confusion;

  private Classification(List<String> classNames, int[] labels, float[][] probabilities) {
    this.classNames = List.copyOf(classNames);
    this.labels = labels.clone();
    this.probabilities = probabilities;
    int k = classNames.size();
    this.confusion = new int[k][k];
    for (int i = 0; i < labels.length; i++) {
      confusion[labels[i]][argMax(probabilities[i])]++;
    }
  }

  /**
   * @param labels true class of each example
   * @param probabilities (examples, classes) predicted probabilities, rows summing to 1
   */
  public static Classification of(List<String> classNames, int[] labels, float[][] probabilities) {
    if (labels.length != probabilities.length) {
      throw new IllegalArgumentException(
          labels.length + " labels for " + probabilities.length + " predictions");
    }
    return new Classification(classNames, labels, probabilities);
  }

  public int examples() {
    return labels.length;
  }

  public List<String> classNames() {
    return classNames;
  }

  /** {@code confusion()[true][predicted]}: how many examples; a copy. */
  public int[][] confusion() {
    int[][] copy = new int[confusion.length][];
    for (int i = 0; i < confusion.length; i++) {
      copy[i] = confusion[i].clone();
    }
    return copy;
  }

  public double accuracy() {
    return topK(1);
  }

  /** Share of examples whose true class is among the k most probable. */
  public double topK(int k) {
    if (labels.length == 0) {
      return Double.NaN;
    }
    int hits = 0;
    for (int i = 0; i < labels.length; i++) {
      float truth = probabilities[i][labels[i]];
      int higher = 0;
      for (float p : probabilities[i]) {
        if (p > truth) {
          higher++;
        }
      }
      hits += higher < k ? 1 : 0;
    }
    return hits / (double) labels.length;
  }

  public List<ClassMetrics> perClass() {
    List<ClassMetrics> metrics = new ArrayList<>();
    for (int c = 0; c < classNames.size(); c++) {
      int support = 0;
      int predicted = 0;
      for (int j = 0; j < classNames.size(); j++) {
        support += confusion[c][j];
        predicted += confusion[j][c];
      }
      int correct = confusion[c][c];
      Double precision = predicted == 0 ? null : correct / (double) predicted;
      Double recall = support == 0 ? null : correct / (double) support;
      Double f1 =
          precision == null || recall == null
              ? null
              : precision + recall == 0 ? 0.0 : 2 * precision * recall / (precision + recall);
      metrics.add(new ClassMetrics(classNames.get(c), support, predicted, precision, recall, f1));
    }
    return metrics;
  }

  /** Mean F1 over the classes that have one. */
  public Double macroF1() {
    return perClass().stream()
        .map(ClassMetrics::f1)
        .filter(f -> f != null)
        .mapToDouble(Double::doubleValue)
        .average()
        .stream()
        .boxed()
        .findFirst()
        .orElse(null);
  }

  /** Cross-entropy of example i: −ln p(true class), floored to avoid an infinite loss. */
  public double loss(int i) {
    return -Math.log(Math.max(probabilities[i][labels[i]], 1e-12));
  }

  public int label(int i) {
    return labels[i];
  }

  public int predicted(int i) {
    return argMax(probabilities[i]);
  }

  /** The probability given to the predicted class: the model's confidence. */
  public double confidence(int i) {
    return probabilities[i][predicted(i)];
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
