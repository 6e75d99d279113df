package dev.stride.trainer;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.stride.contracts.Topics;
import dev.stride.contracts.events.EpochCompleted;
import dev.stride.contracts.events.Hyperparameters;
import dev.stride.contracts.events.RunCompleted;
import dev.stride.contracts.events.RunRequested;
import dev.stride.devstack.DevStack;
import dev.stride.devstack.DevStackTestResource;
import dev.stride.devstack.EventTap;
import dev.stride.devstack.InjectDevStack;
import dev.stride.devstack.PrometheusText;
import dev.stride.storage.ObjectStore;
import dev.stride.trainer.run.TinyDataset;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** What a worker shows on /q/metrics after training a run on the devstack. */
@QuarkusTest
@QuarkusTestResource(DevStackTestResource.class)
class TrainerMetricsTest {

  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final String PROCESSED =
      "stride_events_consumed_total{outcome=\"processed\",topic=\"training.requests\","
          + "type=\"dev.stride.training.run-requested.v1\"}";
  private static final String DEAD_LETTERED =
      "stride_events_consumed_total{outcome=\"dead-lettered\",topic=\"training.requests\","
          + "type=\"none\"}";
  private static final String EPOCHS_PUBLISHED =
      "stride_events_published_total{topic=\"training.events\","
          + "type=\"dev.stride.training.epoch-completed.v1\"}";
  private static final String EPOCHS_TIMED = "stride_training_epoch_seconds_count";
  private static final String EPOCH_SECONDS = "stride_training_epoch_seconds_sum";

  @InjectDevStack DevStack stack;
  @Inject ObjectStore store;

  @Test
  void countsTheRequestItsEpochsAndTheirSpeed() {
    TinyDataset.ensure(store);
    PrometheusText before = scrape();
    List<EpochCompleted> epochs;
    try (EventTap tap =
        EventTap.open(stack.kafka().bootstrapServers(), List.of(Topics.TRAINING_EVENTS))) {
      tap.send(new ProducerRecord<>(Topics.TRAINING_REQUESTS, "metrics-junk", "junk".getBytes()));
      tap.publish(
          new RunRequested(
              "run-metrics",
              TinyDataset.ID,
              "alexnet-mini",
              null,
              new Hyperparameters(2, 64, null, 3L, 2)),
          "/test");
      tap.await(RunCompleted.class, e -> e.runId().equals("run-metrics"), WAIT);
      epochs = tap.events(EpochCompleted.class, "run-metrics");
    }

    // the request is counted once its offset is committed, just after RunCompleted is out
    Awaitility.await()
        .atMost(WAIT)
        .untilAsserted(
            () -> assertThat(scrape().count(PROCESSED)).isEqualTo(before.count(PROCESSED) + 1));
    PrometheusText after = scrape();
    assertThat(after.count(DEAD_LETTERED)).isEqualTo(before.count(DEAD_LETTERED) + 1);
    assertThat(after.count(EPOCHS_PUBLISHED)).isEqualTo(before.count(EPOCHS_PUBLISHED) + 2);
    assertThat(after.count(EPOCHS_TIMED)).isEqualTo(before.count(EPOCHS_TIMED) + 2);
    assertThat(after.count(EPOCH_SECONDS) - before.count(EPOCH_SECONDS))
        .isCloseTo(epochs.get(0).seconds() + epochs.get(1).seconds(), within(1e-6));
    // the gauge holds the last epoch's throughput, as its EpochCompleted reported it
    assertThat(after.find("stride_training_images_per_second"))
        .hasValueSatisfying(
            v -> assertThat(v).isCloseTo(epochs.get(1).imagesPerSecond(), within(1e-6)));
    // the plain request consumer's lag, bound with KafkaClientMetrics
    assertThat(after.series("kafka_consumer_fetch_manager_records_lag_max"))
        .anyMatch(s -> s.contains("client_id=\"trainer-" + ProcessHandle.current().pid() + "\""));
  }

  private static PrometheusText scrape() {
    return PrometheusText.parse(
        given().get("/q/metrics").then().statusCode(200).extract().asString());
  }
}
