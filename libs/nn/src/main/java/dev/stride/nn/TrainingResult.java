package dev.stride.nn;

import java.util.List;

/**
 * How a run went. {@code history} holds every completed epoch (those before a resume included);
 * {@code stopped} is true when the observer asked to stop (the run can be resumed), {@code
 * stoppedEarly} when early stopping ended it (the run is over).
 */
public record TrainingResult(
    List<EpochStats> history,
    int bestEpoch,
    String device,
    long parameterCount,
    double seconds,
    boolean stopped,
    boolean stoppedEarly) {

  public EpochStats last() {
    return history.get(history.size() - 1);
  }
}
