package dev.stride.trainer.requests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stride.contracts.ObjectKeys;
import dev.stride.contracts.Topics;
import dev.stride.contracts.events.RunCancelRequested;
import dev.stride.devstack.DevStack;
import dev.stride.devstack.DevStackTestResource;
import dev.stride.devstack.EventTap;
import dev.stride.devstack.InjectDevStack;
import dev.stride.messaging.CloudEventsKafka;
import dev.stride.storage.ObjectStore;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Poison on training.control: dead-lettered with the reason, and the cancels after it still act.
 */
@QuarkusTest
@QuarkusTestResource(DevStackTestResource.class)
class ControlConsumerTest {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @InjectDevStack DevStack stack;
  @Inject ObjectStore store;

  @Test
  void poisonGoesToTheDeadLetterTopicAndTheNextCancelIsHonoured() {
    try (EventTap tap =
        EventTap.open(
            stack.kafka().bootstrapServers(),
            List.of(Topics.deadLetter(Topics.TRAINING_CONTROL)))) {
      // two poisons: no CloudEvent at all, and a cancel whose key is not its run id
      tap.send(
          new ProducerRecord<>(Topics.TRAINING_CONTROL, "control-poison-1", "junk".getBytes()));
      ProducerRecord<String, byte[]> cancel =
          CloudEventsKafka.toRecord(new RunCancelRequested("control-run-x", "stop"), "/test");
      tap.send(
          new ProducerRecord<>(
              cancel.topic(), null, "control-poison-2", cancel.value(), cancel.headers()));
      tap.publish(new RunCancelRequested("control-after-poison", "enough"), "/test");

      Awaitility.await()
          .atMost(WAIT)
          .until(() -> store.exists(ObjectKeys.runCancel("control-after-poison")));
      Awaitility.await()
          .atMost(WAIT)
          .untilAsserted(
              () -> {
                List<ConsumerRecord<String, byte[]>> dead = tap.records("control-poison-");
                assertThat(dead)
                    .extracting(ConsumerRecord::key)
                    .containsExactly("control-poison-1", "control-poison-2");
                assertThat(new String(dead.get(0).value())).isEqualTo("junk");
                assertThat(EventTap.header(dead.get(0), "dead-letter-reason"))
                    .isEqualTo("not a CloudEvents 1.0 message: header ce_specversion is absent");
                assertThat(EventTap.header(dead.get(1), "dead-letter-reason"))
                    .isEqualTo(
                        "Kafka key 'control-poison-2' differs from the event's id 'control-run-x'");
                assertThat(dead)
                    .allSatisfy(
                        r ->
                            assertThat(EventTap.header(r, "dead-letter-topic"))
                                .isEqualTo(Topics.TRAINING_CONTROL));
              });
      assertThat(store.exists(ObjectKeys.runCancel("control-run-x"))).isFalse();
    }
  }
}
