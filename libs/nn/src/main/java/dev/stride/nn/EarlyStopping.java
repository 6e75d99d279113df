package dev.stride.nn;

import java.util.List;

/**
 * Keras' EarlyStopping on val_loss: stop once it has not improved by more than {@code minDelta} for
 * {@code patience} epochs in a row.
 */
public record EarlyStopping(int patience, double minDelta) {

  public EarlyStopping {
    if (patience < 1 || minDelta < 0) {
      throw new IllegalArgumentException("early stopping needs patience ≥ 1 and minDelta ≥ 0");
    }
  }

  /** Whether the epochs so far say stop. */
  boolean shouldStop(List<EpochStats> history) {
    double best = Double.POSITIVE_INFINITY;
    int since = 0;
    for (EpochStats epoch : history) {
      if (epoch.valLoss() < best - minDelta) {
        best = epoch.valLoss();
        since = 0;
      } else {
        since++;
      }
    }
    return since >= patience;
  }
}
