package dev.stride.trainer.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class DeletionCostPolicyTest {

  private static final long BUSY = 1_000_000;
  private final DeletionCostPolicy policy = new DeletionCostPolicy(BUSY);

  @Test
  void busyWhenTheFirstRunStartsIdleWhenTheLastEnds() {
    assertThat(policy.runsActive(1)).isEqualTo(OptionalLong.of(BUSY));
    assertThat(policy.runsActive(0)).isEqualTo(OptionalLong.of(0));
  }

  @Test
  void noCallWhileTheWorkerStaysBusyOrIdle() {
    // a new pod has no annotation, which counts as 0
    assertThat(policy.runsActive(0)).isEmpty();
    assertThat(policy.runsActive(1)).hasValue(BUSY);
    assertThat(policy.runsActive(2)).isEmpty();
    assertThat(policy.runsActive(3)).isEmpty();
    assertThat(policy.runsActive(1)).isEmpty();
    assertThat(policy.runsActive(0)).hasValue(0);
    assertThat(policy.runsActive(0)).isEmpty();
  }

  @Test
  void aFailedCallIsMadeAgainAtTheNextChangeNotBefore() {
    assertThat(policy.runsActive(1)).hasValue(BUSY);
    policy.failed(BUSY);
    // the same count again is no change: the poll loop does not hammer a failing API server
    assertThat(policy.runsActive(1)).isEmpty();
    assertThat(policy.runsActive(2)).hasValue(BUSY);
    // that one went through; the worker stays busy
    assertThat(policy.runsActive(1)).isEmpty();
  }

  @Test
  void aFailureOfAnOlderCallDoesNotUndoANewerOne() {
    assertThat(policy.runsActive(1)).hasValue(BUSY);
    assertThat(policy.runsActive(0)).hasValue(0);
    // the busy call, made first, fails after the idle one was asked for: idle still stands
    policy.failed(BUSY);
    assertThat(policy.runsActive(0)).isEmpty();
    assertThat(policy.runsActive(1)).hasValue(BUSY);
  }

  @Test
  void afterAFailedIdleCallTheNextChangeSetsWhatItNeeds() {
    assertThat(policy.runsActive(1)).hasValue(BUSY);
    assertThat(policy.runsActive(0)).hasValue(0);
    policy.failed(0);
    // whether the pod still says busy is unknown: the next change sets busy again
    assertThat(policy.runsActive(1)).hasValue(BUSY);
  }

  @Test
  void theBusyCostMustBeAboveIdle() {
    assertThatThrownBy(() -> new DeletionCostPolicy(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("above 0");
  }
}
