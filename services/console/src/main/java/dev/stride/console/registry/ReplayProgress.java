package dev.stride.console.registry;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;

/**
 * How far the registry's replay of the event history has come: the end offsets of the topics when
 * the console started are the target, and the registry has caught up once it has read up to them on
 * every partition. From then on it stays caught up (it follows the live events).
 */
public final class ReplayProgress {

  private final Map<TopicPartition, Long> read = new ConcurrentHashMap<>();
  private volatile Map<TopicPartition, Long> target;
  private volatile boolean caughtUp;

  /** The registry has read the record at {@code offset}. */
  public void read(String topic, int partition, long offset) {
    read.merge(new TopicPartition(topic, partition), offset + 1, Math::max);
  }

  /** The end offsets to reach, read once at start. */
  public void target(Map<TopicPartition, Long> endOffsets) {
    this.target = Map.copyOf(endOffsets);
  }

  public boolean hasTarget() {
    return target != null;
  }

  /** True once every partition has been read to the target. */
  public boolean caughtUp() {
    if (caughtUp) {
      return true;
    }
    if (target == null) {
      return false;
    }
    caughtUp = behind().isEmpty();
    return caughtUp;
  }

  /** Records still to read, per partition that is behind its target (empty when caught up). */
  public Map<String, Long> behind() {
    Map<TopicPartition, Long> goal = target;
    Map<String, Long> behind = new TreeMap<>();
    if (goal == null || caughtUp) {
      return behind;
    }
    goal.forEach(
        (partition, end) -> {
          long left = end - Optional.ofNullable(read.get(partition)).orElse(0L);
          if (left > 0) {
            behind.put(partition.toString(), left);
          }
        });
    return behind;
  }
}
