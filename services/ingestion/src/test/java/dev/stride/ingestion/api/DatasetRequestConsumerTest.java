package dev.stride.ingestion.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stride.contracts.Topics;
import dev.stride.contracts.events.DatasetIngestRequested;
import dev.stride.contracts.events.DatasetIngested;
import dev.stride.contracts.events.DatasetSource;
import dev.stride.contracts.events.SyntheticSpec;
import dev.stride.devstack.DevStack;
import dev.stride.devstack.DevStackTestResource;
import dev.stride.devstack.EventTap;
import dev.stride.devstack.InjectDevStack;
import dev.stride.messaging.CloudEventsKafka;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The Kafka face of ingestion: the same request as over REST, and what happens to poison. */
@QuarkusTest
@QuarkusTestResource(DevStackTestResource.class)
class DatasetRequestConsumerTest {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @InjectDevStack DevStack stack;

  @Test
  void aPoisonMessageGoesToTheDeadLetterTopicAndLaterRequestsAreServed() {
    try (EventTap tap =
        EventTap.open(
            stack.kafka().bootstrapServers(),
            List.of(Topics.DATASET_EVENTS, Topics.deadLetter(Topics.DATASET_REQUESTS)))) {
      tap.send(new ProducerRecord<>(Topics.DATASET_REQUESTS, "poison", "not an event".getBytes()));
      tap.publish(
          new DatasetIngestRequested(
              "after-poison", DatasetSource.ofSynthetic(new SyntheticSpec(40, 10, 10, 1L))),
          "/test");

      DatasetIngested ingested =
          tap.await(DatasetIngested.class, e -> e.datasetId().equals("after-poison"), WAIT);
      assertThat(ingested.train()).isEqualTo(40);
      Awaitility.await()
          .atMost(WAIT)
          .untilAsserted(
              () -> {
                List<ConsumerRecord<String, byte[]>> dead =
                    tap.records().stream()
                        .filter(r -> r.topic().equals("dataset.requests.dlq"))
                        // the devstack is shared: other tests dead-letter records of their own
                        .filter(r -> "poison".equals(r.key()))
                        .toList();
                assertThat(dead).hasSize(1);
                assertThat(dead.get(0).key()).isEqualTo("poison");
                assertThat(new String(dead.get(0).value())).isEqualTo("not an event");
                assertThat(EventTap.header(dead.get(0), "dead-letter-reason"))
                    .isEqualTo("not a CloudEvents 1.0 message: header ce_specversion is absent");
              });
    }
  }

  @Test
  void anOutsideRequestStampedOnAWholeMinuteWithoutSecondsIsServed() {
    try (EventTap tap =
        EventTap.open(stack.kafka().bootstrapServers(), List.of(Topics.DATASET_EVENTS))) {
      ProducerRecord<String, byte[]> record =
          CloudEventsKafka.toRecord(
              new DatasetIngestRequested(
                  "on-the-minute", DatasetSource.ofSynthetic(new SyntheticSpec(20, 5, 5, 3L))),
              "/outside");
      // as a producer using OffsetDateTime.toString() writes it: no seconds on a whole minute
      record.headers().remove("ce_time");
      record.headers().add("ce_time", "2026-11-28T09:00Z".getBytes());
      tap.send(record);
      tap.publish(
          new DatasetIngestRequested(
              "after-the-minute", DatasetSource.ofSynthetic(new SyntheticSpec(20, 5, 5, 4L))),
          "/test");

      tap.await(DatasetIngested.class, e -> e.datasetId().equals("on-the-minute"), WAIT);
      tap.await(DatasetIngested.class, e -> e.datasetId().equals("after-the-minute"), WAIT);
    }
  }

  @Test
  void aRepeatedRequestAnnouncesTheSameDatasetWithoutRewritingIt() {
    try (EventTap tap =
        EventTap.open(stack.kafka().bootstrapServers(), List.of(Topics.DATASET_EVENTS))) {
      DatasetIngestRequested request =
          new DatasetIngestRequested(
              "twice", DatasetSource.ofSynthetic(new SyntheticSpec(20, 5, 5, 2L)));
      tap.publish(request, "/test");
      tap.await(DatasetIngested.class, e -> e.datasetId().equals("twice"), WAIT);
      tap.publish(request, "/test");

      Awaitility.await()
          .atMost(WAIT)
          .untilAsserted(() -> assertThat(tap.events(DatasetIngested.class, "twice")).hasSize(2));
      List<DatasetIngested> both = tap.events(DatasetIngested.class, "twice");
      assertThat(both.get(1)).isEqualTo(both.get(0));
    }
  }
}
