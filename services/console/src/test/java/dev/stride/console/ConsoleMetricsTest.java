package dev.stride.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stride.contracts.Topics;
import dev.stride.devstack.DevStack;
import dev.stride.devstack.DevStackTestResource;
import dev.stride.devstack.EventTap;
import dev.stride.devstack.InjectDevStack;
import dev.stride.devstack.PrometheusText;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** What the console counts on /q/metrics: the commands it publishes and the events it folds. */
@QuarkusTest
@QuarkusTestResource(DevStackTestResource.class)
class ConsoleMetricsTest {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String REQUESTED =
      "stride_events_published_total{topic=\"training.requests\","
          + "type=\"dev.stride.training.run-requested.v1\"}";
  private static final String FOLDED =
      "stride_events_consumed_total{outcome=\"processed\",topic=\"training.requests\","
          + "type=\"dev.stride.training.run-requested.v1\"}";
  private static final String SKIPPED =
      "stride_events_consumed_total{outcome=\"skipped\",topic=\"training.events\",type=\"none\"}";

  @InjectDevStack DevStack stack;

  @Test
  void countsTheRunItSubmittedAndTheRecordsItReadBack() {
    PrometheusText before = scrape();
    given()
        .contentType("application/json")
        .body("{\"runId\": \"run-metrics\", \"datasetId\": \"d\", \"hyperparameters\": {}}")
        .post("/api/v1/runs")
        .then()
        .statusCode(202);
    try (EventTap tap =
        EventTap.open(stack.kafka().bootstrapServers(), List.of(Topics.TRAINING_EVENTS))) {
      tap.send(new ProducerRecord<>(Topics.TRAINING_EVENTS, "run-metrics", "junk".getBytes()));
    }

    // published before the 202; read back from the topic a moment later
    assertThat(scrape().count(REQUESTED)).isEqualTo(before.count(REQUESTED) + 1);
    Awaitility.await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              PrometheusText after = scrape();
              assertThat(after.count(FOLDED)).isEqualTo(before.count(FOLDED) + 1);
              assertThat(after.count(SKIPPED)).isEqualTo(before.count(SKIPPED) + 1);
            });
    assertThat(scrape().series("kafka_consumer_fetch_manager_records_lag_max"))
        .anyMatch(s -> s.contains("client_id=\"kafka-consumer-registry-events\""));
  }

  private static PrometheusText scrape() {
    return PrometheusText.parse(
        given().get("/q/metrics").then().statusCode(200).extract().asString());
  }
}
