package dev.stride.trainer.scaling;

import java.util.OptionalLong;

/**
 * When this worker's pod-deletion-cost must change: {@code busy} while it trains at least one run,
 * 0 when it trains none. Only a change in the number of runs prompts a call, so an API server that
 * refused one is asked again at the next change, not at every poll. A new pod has no annotation,
 * which Kubernetes counts as 0.
 */
public final class DeletionCostPolicy {

  static final long IDLE = 0;

  private final long busy;
  private int runs;
  // the cost last asked for (its call may still be under way); null after a call failed
  private Long requested = IDLE;

  public DeletionCostPolicy(long busy) {
    if (busy <= IDLE) {
      throw new IllegalArgumentException("the busy cost must be above 0, was " + busy);
    }
    this.busy = busy;
  }

  /** The cost to set now that {@code active} runs are training, or empty when none is needed. */
  public synchronized OptionalLong runsActive(int active) {
    if (active == runs) {
      return OptionalLong.empty();
    }
    runs = active;
    long wanted = active > 0 ? busy : IDLE;
    if (requested != null && requested == wanted) {
      return OptionalLong.empty();
    }
    requested = wanted;
    return OptionalLong.of(wanted);
  }

  /** The call that set {@code cost} failed: the next change of runs asks again, whatever it is. */
  public synchronized void failed(long cost) {
    if (requested != null && requested == cost) {
      requested = null;
    }
  }
}
