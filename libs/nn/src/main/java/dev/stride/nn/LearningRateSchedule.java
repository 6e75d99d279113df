package dev.stride.nn;

import ai.djl.training.tracker.Tracker;

/**
 * The learning rate over the run: constant, step (multiplied by {@code gamma} every {@code
 * stepEpochs} epochs) or cosine (from the base rate down to {@code minimum} at the last epoch). It
 * counts epochs from the run's start, so a resumed run continues the schedule where it was.
 */
public record LearningRateSchedule(String kind, int stepEpochs, double gamma, double minimum) {

  public static final String CONSTANT = "constant";
  public static final String STEP = "step";
  public static final String COSINE = "cosine";

  public static LearningRateSchedule constant() {
    return new LearningRateSchedule(CONSTANT, 0, 1, 0);
  }

  public static LearningRateSchedule step(int stepEpochs, double gamma) {
    return new LearningRateSchedule(STEP, stepEpochs, gamma, 0);
  }

  public static LearningRateSchedule cosine(double minimum) {
    return new LearningRateSchedule(COSINE, 0, 1, minimum);
  }

  /** The rate at a point of the run: {@code epochs} done so far, fractions included. */
  public double rate(double base, double epochsDone, int totalEpochs) {
    return switch (kind) {
      case STEP -> base * Math.pow(gamma, Math.floor(epochsDone / stepEpochs));
      case COSINE ->
          minimum
              + (base - minimum)
                  * 0.5
                  * (1 + Math.cos(Math.PI * Math.min(1, epochsDone / totalEpochs)));
      default -> base;
    };
  }

  /**
   * A DJL tracker for the optimizer. DJL counts updates from 0 in every trainer; {@code
   * firstUpdate} says how many the run had made before this trainer (on a resume).
   */
  Tracker tracker(double base, int totalEpochs, int batchesPerEpoch, int firstUpdate) {
    return numUpdate ->
        (float) rate(base, (firstUpdate + numUpdate) / (double) batchesPerEpoch, totalEpochs);
  }
}
