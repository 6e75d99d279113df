package dev.stride.trainer.requests;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Configurable;
import org.apache.kafka.common.TopicPartition;

/**
 * Assigns training.requests so that a worker keeps the partitions of the runs it is training: each
 * member tells the group (in its subscription) which partitions its runs came from, and those stay
 * with it whoever joins or leaves; the other partitions are shared out evenly. So a worker joining
 * mid-run starts no second copy of a run, and a run moves only when its worker is gone.
 *
 * <p>The protocol is eager: every rebalance revokes every partition first. The worker keeps
 * training through that (it will get its run's partition back) and stops only if the new assignment
 * does not hold it, or if its membership is lost.
 */
public final class RunLeaseAssignor implements ConsumerPartitionAssignor, Configurable {

  /**
   * Consumer config key under which the worker hands over a supplier of the partitions its runs
   * came from (a {@code Supplier<Collection<TopicPartition>>}).
   */
  public static final String ACTIVE_PARTITIONS = "stride.trainer.active-partitions";

  private Supplier<Collection<TopicPartition>> active = List::of;

  @Override
  @SuppressWarnings("unchecked")
  public void configure(Map<String, ?> configs) {
    Object supplier = configs.get(ACTIVE_PARTITIONS);
    if (supplier instanceof Supplier<?> s) {
      active = (Supplier<Collection<TopicPartition>>) s;
    }
  }

  @Override
  public String name() {
    return "stride-run-lease";
  }

  @Override
  public List<RebalanceProtocol> supportedProtocols() {
    return List.of(RebalanceProtocol.EAGER);
  }

  @Override
  public ByteBuffer subscriptionUserData(Set<String> topics) {
    Collection<TopicPartition> partitions = active.get();
    if (partitions.isEmpty()) {
      return null;
    }
    StringJoiner claims = new StringJoiner(",");
    partitions.forEach(p -> claims.add(p.topic() + ":" + p.partition()));
    return ByteBuffer.wrap(claims.toString().getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public GroupAssignment assign(Cluster metadata, GroupSubscription group) {
    Map<String, Subscription> members = new TreeMap<>(group.groupSubscription());
    Map<String, List<TopicPartition>> assignment = new TreeMap<>();
    members.keySet().forEach(m -> assignment.put(m, new ArrayList<>()));
    Set<TopicPartition> all = new HashSet<>();
    for (Subscription subscription : members.values()) {
      for (String topic : subscription.topics()) {
        Integer count = metadata.partitionCountForTopic(topic);
        for (int p = 0; count != null && p < count; p++) {
          all.add(new TopicPartition(topic, p));
        }
      }
    }
    // 1. a run's partition stays with the worker training it (the first claim wins)
    Set<TopicPartition> leased = new HashSet<>();
    members.forEach(
        (member, subscription) -> {
          for (TopicPartition claimed : claims(subscription.userData())) {
            if (all.contains(claimed) && leased.add(claimed)) {
              assignment.get(member).add(claimed);
            }
          }
        });
    // 2. the rest, evenly: each to the member holding the fewest so far
    List<TopicPartition> free = new ArrayList<>(all);
    free.removeAll(leased);
    free.sort(
        (a, b) ->
            a.topic().equals(b.topic())
                ? Integer.compare(a.partition(), b.partition())
                : a.topic().compareTo(b.topic()));
    for (TopicPartition partition : free) {
      String least =
          Collections.min(
              assignment.keySet(),
              (a, b) -> Integer.compare(assignment.get(a).size(), assignment.get(b).size()));
      assignment.get(least).add(partition);
    }
    Map<String, Assignment> result = new HashMap<>();
    assignment.forEach((member, partitions) -> result.put(member, new Assignment(partitions)));
    return new GroupAssignment(result);
  }

  /** "topic:partition[,topic:partition...]", as {@link #subscriptionUserData} writes it. */
  private static List<TopicPartition> claims(ByteBuffer userData) {
    if (userData == null || !userData.hasRemaining()) {
      return List.of();
    }
    byte[] bytes = new byte[userData.remaining()];
    userData.duplicate().get(bytes);
    List<TopicPartition> claims = new ArrayList<>();
    for (String claim : new String(bytes, StandardCharsets.UTF_8).split(",")) {
      int colon = claim.lastIndexOf(':');
      claims.add(
          new TopicPartition(
              claim.substring(0, colon), Integer.parseInt(claim.substring(colon + 1))));
    }
    return claims;
  }
}
