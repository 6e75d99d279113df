package dev.stride.nn.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * Whether confidence means what it says: predictions binned by confidence, each bin's accuracy
 * against its mean confidence, and the expected calibration error (ECE), the bins' gaps weighted by
 * their share of the examples.
 */
public record Calibration(List<Bin> bins, double expectedCalibrationError) {

  /** Confidences in [lower, upper); the last bin includes 1.0. Empty bins have NaN means. */
  public record Bin(
      double lower, double upper, int count, double meanConfidence, double accuracy) {}

  public static Calibration of(Classification scores, int binCount) {
    int[] counts = new int[binCount];
    double[] confidence = new double[binCount];
    int[] correct = new int[binCount];
    for (int i = 0; i < scores.examples(); i++) {
      double c = scores.confidence(i);
      int bin = Math.min(binCount - 1, (int) (c * binCount));
      counts[bin]++;
      confidence[bin] += c;
      correct[bin] += scores.predicted(i) == scores.label(i) ? 1 : 0;
    }
    List<Bin> bins = new ArrayList<>();
    double ece = 0;
    for (int b = 0; b < binCount; b++) {
      double meanConfidence = counts[b] == 0 ? Double.NaN : confidence[b] / counts[b];
      double accuracy = counts[b] == 0 ? Double.NaN : correct[b] / (double) counts[b];
      if (counts[b] > 0) {
        ece += counts[b] / (double) scores.examples() * Math.abs(accuracy - meanConfidence);
      }
      bins.add(
          new Bin(
              b / (double) binCount,
              (b + 1) / (double) binCount,
              counts[b],
              meanConfidence,
              accuracy));
    }
    return new Calibration(bins, scores.examples() == 0 ? Double.NaN : ece);
  }
}
