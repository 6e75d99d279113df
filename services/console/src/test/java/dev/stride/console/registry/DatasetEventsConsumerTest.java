package dev.stride.console.registry;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import dev.stride.contracts.Topics;
import dev.stride.contracts.events.DatasetIngested;
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

/**
 * Poison on dataset.events: dead-lettered once with the reason; the datasets after it are listed.
 */
@QuarkusTest
@QuarkusTestResource(DevStackTestResource.class)
class DatasetEventsConsumerTest {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @InjectDevStack DevStack stack;

  @Test
  void poisonGoesToTheDeadLetterTopicAndTheNextDatasetIsListed() {
    try (EventTap tap =
        EventTap.open(
            stack.kafka().bootstrapServers(), List.of(Topics.deadLetter(Topics.DATASET_EVENTS)))) {
      // two poisons: no CloudEvent at all, and a dataset event whose key is not its dataset id
      tap.send(new ProducerRecord<>(Topics.DATASET_EVENTS, "dataset-poison-1", "junk".getBytes()));
      ProducerRecord<String, byte[]> mismatched =
          CloudEventsKafka.toRecord(ingested("ds-mismatched"), "/test");
      tap.send(
          new ProducerRecord<>(
              mismatched.topic(),
              null,
              "dataset-poison-2",
              mismatched.value(),
              mismatched.headers()));
      tap.publish(ingested("ds-after-poison"), "/test");

      Awaitility.await()
          .atMost(WAIT)
          .untilAsserted(
              () ->
                  given()
                      .get("/api/v1/datasets")
                      .then()
                      .body("datasetId", hasItem("ds-after-poison")));
      given().get("/api/v1/datasets").then().body("datasetId", not(hasItem("ds-mismatched")));
      Awaitility.await()
          .atMost(WAIT)
          .untilAsserted(
              () -> {
                List<ConsumerRecord<String, byte[]>> dead = tap.records("dataset-poison-");
                assertThat(dead)
                    .extracting(ConsumerRecord::key)
                    .containsExactly("dataset-poison-1", "dataset-poison-2");
                assertThat(new String(dead.get(0).value())).isEqualTo("junk");
                assertThat(EventTap.header(dead.get(0), "dead-letter-reason"))
                    .isEqualTo("not a CloudEvents 1.0 message: header ce_specversion is absent");
                assertThat(EventTap.header(dead.get(1), "dead-letter-reason"))
                    .isEqualTo(
                        "Kafka key 'dataset-poison-2' differs from the event's id 'ds-mismatched'");
                assertThat(dead)
                    .allSatisfy(
                        r ->
                            assertThat(EventTap.header(r, "dead-letter-topic"))
                                .isEqualTo(Topics.DATASET_EVENTS));
              });
    }
  }

  static DatasetIngested ingested(String datasetId) {
    return new DatasetIngested(
        datasetId,
        "datasets/" + datasetId + "/manifest.json",
        90,
        10,
        20,
        List.of("cat", "dog"),
        "sha256:cd");
  }
}
