package dev.stride.trainer.requests;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class RunLedgerTest {

  private static final TopicPartition P0 = new TopicPartition("training.requests", 0);
  private static final TopicPartition P1 = new TopicPartition("training.requests", 1);

  @Test
  void aPartitionIsCommittedOnlyPastRequestsThatEnded() {
    RunLedger ledger = new RunLedger();
    ledger.taken(P0, 5);
    ledger.taken(P0, 6);

    // 6 ends first: 5 is still training, so the commit stays at 5
    ledger.ended(P0, 6);
    assertThat(ledger.toCommit(P0)).hasValue(5);
    ledger.committed(P0, 5);
    assertThat(ledger.toCommit(P0)).isEmpty();
    assertThat(ledger.held()).containsExactly(P0);

    ledger.ended(P0, 5);
    assertThat(ledger.toCommit(P0)).hasValue(7);
    ledger.committed(P0, 7);
    assertThat(ledger.held()).isEmpty();
    assertThat(ledger.toCommit(P0)).isEmpty();
  }

  @Test
  void partitionsAreKeptApart() {
    RunLedger ledger = new RunLedger();
    ledger.taken(P0, 10);
    ledger.taken(P1, 3);

    ledger.ended(P1, 3);

    assertThat(ledger.toCommit(P1)).hasValue(4);
    assertThat(ledger.toCommit(P0)).hasValue(10);
    assertThat(ledger.held()).containsExactly(P0);
  }

  @Test
  void readingResumesPastWhatThisWorkerHoldsAfterARebalance() {
    RunLedger ledger = new RunLedger();
    ledger.taken(P0, 5);
    ledger.taken(P0, 6);

    assertThat(ledger.next(P0)).hasValue(7);
    assertThat(ledger.next(P1)).isEmpty();
  }

  @Test
  void aStoppedRunHoldsItsPartitionUntilTheLeaseIsForgotten() {
    RunLedger ledger = new RunLedger();
    ledger.taken(P0, 5);
    ledger.taken(P0, 6);
    ledger.ended(P0, 6);

    // 5 stopped (shutdown, lost partition): never ended, so nothing past it is acknowledged
    assertThat(ledger.toCommit(P0)).hasValue(5);
    ledger.forget(P0);

    assertThat(ledger.held()).isEmpty();
    assertThat(ledger.toCommit(P0)).isEqualTo(OptionalLong.empty());
    assertThat(ledger.next(P0)).isEmpty();
  }
}
