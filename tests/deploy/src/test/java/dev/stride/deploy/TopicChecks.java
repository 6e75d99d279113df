package dev.stride.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Declared topics (by compose or by KafkaTopics) against {@link Design#partitions()}. */
final class TopicChecks {

  private TopicChecks() {}

  static List<String> check(
      String where, Map<String, TopicSpec> declared, Map<String, Integer> partitions) {
    List<String> problems = new ArrayList<>();
    Set<String> missing = new TreeSet<>(partitions.keySet());
    missing.removeAll(declared.keySet());
    Set<String> unknown = new TreeSet<>(declared.keySet());
    unknown.removeAll(partitions.keySet());
    if (!missing.isEmpty()) {
      problems.add(where + ": topics missing: " + missing);
    }
    if (!unknown.isEmpty()) {
      problems.add(where + ": topics libs/contracts' Topics does not name: " + unknown);
    }
    declared.forEach(
        (topic, spec) -> {
          Integer expected = partitions.get(topic);
          if (expected != null && expected != spec.partitions()) {
            problems.add(
                "%s: %s has %s partitions, not %s"
                    .formatted(where, topic, spec.partitions(), expected));
          }
          if (spec.retentionMs() <= 0) {
            problems.add("%s: %s has no retention.ms".formatted(where, topic));
          }
        });
    return problems;
  }
}
