package dev.stride.trainer.requests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.GroupSubscription;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.Subscription;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class RunLeaseAssignorTest {

  private static final String TOPIC = "training.requests";
  private static final Node NODE = new Node(1, "localhost", 9092);
  private static final Cluster CLUSTER = cluster(4);

  @Test
  void aWorkerKeepsItsRunsPartitionWhenOthersJoin() {
    GroupSubscription group =
        new GroupSubscription(
            Map.of(
                "a", subscription("training.requests:2"),
                "b", subscription(null),
                "c", subscription(null)));

    var assignment = new RunLeaseAssignor().assign(CLUSTER, group).groupAssignment();

    assertThat(assignment.get("a").partitions()).contains(new TopicPartition(TOPIC, 2));
    List<TopicPartition> all = new ArrayList<>();
    assignment.values().forEach(a -> all.addAll(a.partitions()));
    assertThat(all).hasSize(4).doesNotHaveDuplicates();
    // evenly: 2, 1, 1
    assertThat(assignment.values().stream().mapToInt(a -> a.partitions().size()).max().getAsInt())
        .isEqualTo(2);
  }

  @Test
  void twoClaimsOfOnePartitionGoToTheFirstMember() {
    GroupSubscription group =
        new GroupSubscription(
            Map.of(
                "a",
                subscription("training.requests:1"),
                "b",
                subscription("training.requests:1")));

    var assignment = new RunLeaseAssignor().assign(CLUSTER, group).groupAssignment();

    assertThat(assignment.get("a").partitions()).contains(new TopicPartition(TOPIC, 1));
    assertThat(assignment.get("b").partitions()).doesNotContain(new TopicPartition(TOPIC, 1));
  }

  @Test
  void aWorkerTrainingSeveralRunsKeepsEachOfTheirPartitions() {
    GroupSubscription group =
        new GroupSubscription(
            Map.of(
                "a", subscription("training.requests:0,training.requests:3"),
                "b", subscription(null)));

    var assignment = new RunLeaseAssignor().assign(CLUSTER, group).groupAssignment();

    assertThat(assignment.get("a").partitions())
        .containsExactly(new TopicPartition(TOPIC, 0), new TopicPartition(TOPIC, 3));
    assertThat(assignment.get("b").partitions())
        .containsExactly(new TopicPartition(TOPIC, 1), new TopicPartition(TOPIC, 2));
  }

  @Test
  void tellsTheGroupWhichPartitionsItsRunsCameFrom() {
    RunLeaseAssignor assignor = new RunLeaseAssignor();
    Supplier<Collection<TopicPartition>> active =
        () -> List.of(new TopicPartition(TOPIC, 1), new TopicPartition(TOPIC, 3));
    assignor.configure(Map.of(RunLeaseAssignor.ACTIVE_PARTITIONS, active));

    ByteBuffer data = assignor.subscriptionUserData(Set.of(TOPIC));

    assertThat(StandardCharsets.UTF_8.decode(data).toString())
        .isEqualTo("training.requests:1,training.requests:3");
  }

  @Test
  void aWorkerWithoutRunsClaimsNothing() {
    RunLeaseAssignor assignor = new RunLeaseAssignor();
    Supplier<Collection<TopicPartition>> none = List::of;
    assignor.configure(Map.of(RunLeaseAssignor.ACTIVE_PARTITIONS, none));

    assertThat(assignor.subscriptionUserData(Set.of(TOPIC))).isNull();
  }

  private static Subscription subscription(String claim) {
    return new Subscription(
        List.of(TOPIC),
        claim == null ? null : ByteBuffer.wrap(claim.getBytes(StandardCharsets.UTF_8)));
  }

  private static Cluster cluster(int partitions) {
    List<PartitionInfo> infos = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      infos.add(new PartitionInfo(TOPIC, p, NODE, new Node[] {NODE}, new Node[] {NODE}));
    }
    return new Cluster("test", List.of(NODE), infos, Set.of(), Set.of());
  }
}
