package dev.stride.ingestion;

import static io.restassured.RestAssured.given;
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
import dev.stride.devstack.PrometheusText;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** What ingestion counts on /q/metrics after real work on the devstack. */
@QuarkusTest
@QuarkusTestResource(DevStackTestResource.class)
class IngestionMetricsTest {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String PROCESSED =
      "stride_events_consumed_total{outcome=\"processed\",topic=\"dataset.requests\","
          + "type=\"dev.stride.dataset.dataset-ingest-requested.v1\"}";
  private static final String DEAD_LETTERED =
      "stride_events_consumed_total{outcome=\"dead-lettered\",topic=\"dataset.requests\","
          + "type=\"none\"}";
  private static final String INGESTED =
      "stride_events_published_total{topic=\"dataset.events\","
          + "type=\"dev.stride.dataset.dataset-ingested.v1\"}";
  private static final String PUTS =
      "stride_store_operation_seconds_count{operation=\"put\",outcome=\"success\"}";

  @InjectDevStack DevStack stack;

  @Test
  void countsTheRequestsItReadTheEventsItPublishedAndItsStoreCalls() {
    PrometheusText before = scrape();
    try (EventTap tap =
        EventTap.open(stack.kafka().bootstrapServers(), List.of(Topics.DATASET_EVENTS))) {
      tap.send(new ProducerRecord<>(Topics.DATASET_REQUESTS, "metrics-poison", "junk".getBytes()));
      tap.publish(
          new DatasetIngestRequested(
              "metrics-1", DatasetSource.ofSynthetic(new SyntheticSpec(40, 10, 10, 5L))),
          "/test");
      tap.await(DatasetIngested.class, e -> e.datasetId().equals("metrics-1"), WAIT);
    }

    // the request is counted when its handler returns, just after DatasetIngested is out
    Awaitility.await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              PrometheusText now = scrape();
              assertThat(now.count(PROCESSED))
                  .as("%s", now.series("stride_events_consumed_total"))
                  .isEqualTo(before.count(PROCESSED) + 1);
            });
    PrometheusText after = scrape();
    assertThat(after.count(DEAD_LETTERED)).isEqualTo(before.count(DEAD_LETTERED) + 1);
    assertThat(after.count(INGESTED)).isEqualTo(before.count(INGESTED) + 1);
    // at least the manifest and the preview were put
    assertThat(after.count(PUTS)).isGreaterThanOrEqualTo(before.count(PUTS) + 2);
    assertThat(after.series("stride_store_operation_seconds_bucket"))
        .contains(
            "stride_store_operation_seconds_bucket{operation=\"put\",outcome=\"success\",le=\"0.1\"}");
    // consumer lag of the SmallRye channel's client
    assertThat(after.series("kafka_consumer_fetch_manager_records_lag_max"))
        .anyMatch(s -> s.contains("client_id=\"kafka-consumer-dataset-requests\""));
  }

  private static PrometheusText scrape() {
    return PrometheusText.parse(
        given().get("/q/metrics").then().statusCode(200).extract().asString());
  }
}
