package dev.stride.trainer.requests;

import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;

/**
 * Which requests of each partition this worker has taken and which have ended, so that runs can end
 * in any order while a partition's offset is committed only past requests that ended: with runs at
 * offsets 5 and 6 of one partition, 6 ending first commits nothing, 5 ending then commits 7. A
 * worker that dies in between leaves both to the next owner, which announces 6 again (it completed)
 * and resumes 5 from its checkpoint.
 *
 * <p>Kept by the request loop's thread; the partitions it holds are read by the lease assignor.
 */
final class RunLedger {

  private final Map<TopicPartition, Entry> partitions = new ConcurrentHashMap<>();

  private static final class Entry {
    final TreeSet<Long> open = new TreeSet<>();
    long next = -1; // one past the highest offset taken
    long committed = -1; // the last offset committed for this partition
  }

  /** A request read and being worked on. */
  void taken(TopicPartition partition, long offset) {
    Entry entry = partitions.computeIfAbsent(partition, p -> new Entry());
    entry.open.add(offset);
    entry.next = Math.max(entry.next, offset + 1);
  }

  /** A request done with (completed, failed, cancelled, refused): it may be acknowledged. */
  void ended(TopicPartition partition, long offset) {
    Entry entry = partitions.get(partition);
    if (entry != null) {
      entry.open.remove(offset);
    }
  }

  /**
   * The offset to commit now for {@code partition}: the oldest request still open, or one past the
   * newest taken once all ended; empty when that is not past the last commit.
   */
  OptionalLong toCommit(TopicPartition partition) {
    Entry entry = partitions.get(partition);
    if (entry == null || entry.next < 0) {
      return OptionalLong.empty();
    }
    long offset = entry.open.isEmpty() ? entry.next : entry.open.first();
    return offset > entry.committed ? OptionalLong.of(offset) : OptionalLong.empty();
  }

  void committed(TopicPartition partition, long offset) {
    Entry entry = partitions.get(partition);
    if (entry != null) {
      entry.committed = Math.max(entry.committed, offset);
      if (entry.open.isEmpty() && entry.committed >= entry.next) {
        partitions.remove(partition);
      }
    }
  }

  /**
   * Where reading {@code partition} continues after a rebalance handed it back (the consumer then
   * stands at the last commit, before requests this worker still holds); empty if it holds none.
   */
  OptionalLong next(TopicPartition partition) {
    Entry entry = partitions.get(partition);
    return entry == null || entry.next < 0 ? OptionalLong.empty() : OptionalLong.of(entry.next);
  }

  /** The partition is gone to another worker: what was open there is its business now. */
  void forget(TopicPartition partition) {
    partitions.remove(partition);
  }

  /** Partitions with requests this worker has not acknowledged: its leases. */
  Set<TopicPartition> held() {
    Set<TopicPartition> held = new TreeSet<>(RunLedger::compare);
    partitions.forEach(
        (partition, entry) -> {
          if (!entry.open.isEmpty()) {
            held.add(partition);
          }
        });
    return held;
  }

  private static int compare(TopicPartition a, TopicPartition b) {
    int byTopic = a.topic().compareTo(b.topic());
    return byTopic != 0 ? byTopic : Integer.compare(a.partition(), b.partition());
  }
}
