package dev.stride.devstack;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The stack is quiet only when every consumer group with members has read everything. */
@ExtendWith(DevStackExtension.class)
class EventTapQuietTest {

  @Test
  void aGroupWithARecordLeftToReadKeepsTheStackFromBeingQuiet(DevStack stack) throws Exception {
    String bootstrap = stack.kafka().bootstrapServers();
    String topic = "quiet-test";
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
    }
    TopicPartition partition = new TopicPartition(topic, 0);
    try (EventTap tap = EventTap.open(bootstrap, List.of(topic));
        KafkaConsumer<String, String> worker = worker(bootstrap, topic)) {
      tap.send(new ProducerRecord<>(topic, "k", "one".getBytes()));
      tap.send(new ProducerRecord<>(topic, "k", "two".getBytes()));
      while (worker.assignment().isEmpty()) {
        worker.poll(Duration.ofMillis(500)); // joins the group; commits nothing itself
      }
      worker.commitSync(Map.of(partition, new OffsetAndMetadata(1)));

      assertThatThrownBy(() -> tap.awaitQuiet(Duration.ofSeconds(3)))
          .isInstanceOf(AssertionError.class)
          .hasMessage("the stack is not quiet after PT3S: worker has 1 to read on quiet-test-0");

      worker.commitSync(Map.of(partition, new OffsetAndMetadata(2)));
      tap.awaitQuiet(Duration.ofSeconds(30));
    }
  }

  private static KafkaConsumer<String, String> worker(String bootstrap, String topic) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "worker");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    consumer.subscribe(List.of(topic));
    return consumer;
  }
}
