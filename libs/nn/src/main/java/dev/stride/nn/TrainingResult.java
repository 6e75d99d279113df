package dev.stride.nn;

import java.util.List;

/**
 * How a run went. {@code history} holds every completed epoch; {@code stopped} is true when the
 * observer asked to stop before the last epoch.
 */
public record TrainingResult(
    List<EpochStats> history,
    int bestEpoch,
    String device,
    long parameterCount,
    double seconds,
    boolean stopped) {

  public EpochStats last() {
    return history.get(history.size() - 1);
  }
}
