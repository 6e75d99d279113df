package dev.stride.console.registry;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stride.contracts.Topics;
import dev.stride.contracts.events.Event;
import dev.stride.contracts.events.Hyperparameters;
import dev.stride.contracts.events.RunRequested;
import dev.stride.devstack.DevStack;
import dev.stride.devstack.DevStackTestResource;
import dev.stride.devstack.EventTap;
import dev.stride.devstack.InjectDevStack;
import dev.stride.devstack.PrometheusText;
import dev.stride.messaging.CloudEventsKafka;
import dev.stride.nn.Faults;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Every kind of poison, thrown through both of the console's consumers on a real broker: on
 * dataset.events each is dead-lettered with its reason (DatasetEventsConsumer); the registry
 * (RegistryConsumer) skips each, lists none, and goes on to list the events after them. And every
 * fault a run page's listener may throw while the registry folds an event in.
 */
@QuarkusTest
@QuarkusTestResource(DevStackTestResource.class)
class ConsumerPoisonTest {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Each poison, made from a valid record of the topic whose key is its event's id; all but
   * key-mismatch keep that key, so that only the poison itself can make the record unreadable.
   */
  private static final Map<String, UnaryOperator<ProducerRecord<String, byte[]>>> POISONS =
      new LinkedHashMap<>();

  static {
    POISONS.put(
        "no-cloudevent",
        valid -> new ProducerRecord<>(valid.topic(), valid.key(), "junk".getBytes()));
    POISONS.put(
        "key-mismatch",
        valid ->
            new ProducerRecord<>(
                valid.topic(),
                null,
                valid.key() + "-elsewhere",
                valid.value(),
                new RecordHeaders(valid.headers().toArray())));
    POISONS.put("malformed-json", valid -> like(valid, "{\"".getBytes()));
    POISONS.put("missing-fields", valid -> like(valid, "{}".getBytes()));
    POISONS.put("string-for-number", valid -> like(valid, numberAsString(valid)));
    POISONS.put(
        "wrong-specversion",
        valid -> {
          ProducerRecord<String, byte[]> record = like(valid, valid.value());
          record.headers().remove(CloudEventsKafka.HEADER_SPEC_VERSION);
          record
              .headers()
              .add(CloudEventsKafka.HEADER_SPEC_VERSION, "0.3".getBytes(StandardCharsets.UTF_8));
          return record;
        });
  }

  @InjectDevStack DevStack stack;
  @Inject RunRegistry registry;

  @Test
  void everyPoisonIsDeadLetteredOrSkippedAndTheEventsAfterItAreListed() {
    try (EventTap tap =
        EventTap.open(
            stack.kafka().bootstrapServers(), List.of(Topics.deadLetter(Topics.DATASET_EVENTS)))) {
      List<String> deadKeys = new java.util.ArrayList<>();
      for (var poison : POISONS.entrySet()) {
        ProducerRecord<String, byte[]> dataset =
            poison
                .getValue()
                .apply(record(DatasetEventsConsumerTest.ingested("ds-poison-" + poison.getKey())));
        tap.send(dataset);
        deadKeys.add(dataset.key());
        tap.send(poison.getValue().apply(record(requested("run-poison-" + poison.getKey()))));
      }
      tap.publish(DatasetEventsConsumerTest.ingested("ds-after-poisons"), "/test");
      tap.publish(requested("run-after-poisons"), "/test");

      Awaitility.await()
          .atMost(WAIT)
          .untilAsserted(
              () -> {
                given()
                    .get("/api/v1/datasets")
                    .then()
                    .body("datasetId", hasItem("ds-after-poisons"));
                given().get("/api/v1/runs/run-after-poisons").then().statusCode(200);
              });
      List<String> datasets = given().get("/api/v1/datasets").path("datasetId");
      assertThat(datasets).noneMatch(id -> id.startsWith("ds-poison"));
      for (String kind : POISONS.keySet()) {
        given().get("/api/v1/runs/run-poison-" + kind).then().statusCode(404);
      }
      Awaitility.await()
          .atMost(WAIT)
          .untilAsserted(
              () -> {
                List<ConsumerRecord<String, byte[]>> dead = tap.records("ds-poison-");
                assertThat(dead)
                    .extracting(ConsumerRecord::key)
                    .containsExactlyInAnyOrderElementsOf(deadKeys);
                assertThat(dead)
                    .allSatisfy(
                        r -> assertThat(EventTap.header(r, "dead-letter-reason")).isNotBlank());
              });
    }
  }

  /**
   * A page's listener that throws, of each type a bug or the machine may throw, while the registry
   * consumer folds an event in: the run is listed, no record counts as failed, and the events after
   * it are folded too.
   */
  @Test
  void aListenerThatThrowsFailsNoRecordAndTheRunIsListed() {
    String failed =
        "stride_events_consumed_total{outcome=\"failed\",topic=\"training.requests\","
            + "type=\"dev.stride.training.run-requested.v1\"}";
    double failedBefore = scrape().count(failed);
    Map<String, Integer> calls = new java.util.concurrent.ConcurrentHashMap<>();
    for (String fault : Faults.BY_NAME.keySet()) {
      registry.subscribe(
          "run-listener-" + fault,
          change -> {
            calls.merge(fault, 1, Integer::sum);
            Faults.raise(fault);
          });
    }
    try (EventTap tap = EventTap.open(stack.kafka().bootstrapServers(), List.of())) {
      Faults.BY_NAME
          .keySet()
          .forEach(fault -> tap.publish(requested("run-listener-" + fault), "/test"));
      tap.publish(requested("run-after-listeners"), "/test");
    }

    Awaitility.await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              for (String fault : Faults.BY_NAME.keySet()) {
                given().get("/api/v1/runs/run-listener-" + fault).then().statusCode(200);
              }
              given().get("/api/v1/runs/run-after-listeners").then().statusCode(200);
            });
    assertThat(calls)
        .hasSize(Faults.BY_NAME.size())
        .allSatisfy((fault, n) -> assertThat(n).isOne());
    assertThat(scrape().count(failed)).isEqualTo(failedBefore);
  }

  private static PrometheusText scrape() {
    return PrometheusText.parse(
        given().get("/q/metrics").then().statusCode(200).extract().asString());
  }

  private static ProducerRecord<String, byte[]> record(Event event) {
    return CloudEventsKafka.toRecord(event, "/test");
  }

  /** {@code valid}'s key and headers with another body. */
  private static ProducerRecord<String, byte[]> like(
      ProducerRecord<String, byte[]> valid, byte[] value) {
    return new ProducerRecord<>(
        valid.topic(), null, valid.key(), value, new RecordHeaders(valid.headers().toArray()));
  }

  /** The body with its first number written as a string: "90" where 90 was. */
  private static byte[] numberAsString(ProducerRecord<String, byte[]> valid) {
    try {
      ObjectNode body = (ObjectNode) JSON.readTree(valid.value());
      String field = null;
      for (var property : body.properties()) {
        if (property.getValue().isNumber()) {
          field = property.getKey();
          break;
        }
      }
      if (field == null) {
        ObjectNode hyper = (ObjectNode) body.get("hyperparameters");
        hyper.put("epochs", String.valueOf(hyper.get("epochs").asInt()));
      } else {
        body.put(field, body.get(field).asText());
      }
      return JSON.writeValueAsBytes(body);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static RunRequested requested(String runId) {
    return new RunRequested(runId, "d", null, null, new Hyperparameters(1, 8, 0.01, null, null));
  }
}
