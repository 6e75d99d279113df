package dev.stride.trainer.requests;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stride.contracts.ObjectKeys;
import dev.stride.contracts.Topics;
import dev.stride.contracts.events.Hyperparameters;
import dev.stride.contracts.events.RunCancelRequested;
import dev.stride.contracts.events.RunCancelled;
import dev.stride.contracts.events.RunRequested;
import dev.stride.contracts.events.RunStarted;
import dev.stride.contracts.objects.RunHistory;
import dev.stride.devstack.DevStack;
import dev.stride.devstack.DevStackTestResource;
import dev.stride.devstack.EventTap;
import dev.stride.devstack.InjectDevStack;
import dev.stride.devstack.PrometheusText;
import dev.stride.storage.ObjectStore;
import dev.stride.trainer.run.Faults;
import dev.stride.trainer.run.FaultyRunExecutor;
import dev.stride.trainer.run.TinyDataset;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Every exception handling a cancel may throw, thrown through the control consumer: each cancel
 * fails as EventReceiver defines it, counted as {@code outcome="dead-lettered"} and dead-lettered
 * to training.control.dlq naming the exception (a cancel has no status of its own: the dead letter
 * is its terminal record, and no cancel marker is left); and the consumer takes the next cancel,
 * which still stops a running run.
 */
@QuarkusTest
@QuarkusTestResource(DevStackTestResource.class)
@TestProfile(Faults.class)
class ControlConsumerFaultsTest {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String RUNNING = "control-faults-running";
  private static final String DEAD_LETTERED =
      "stride_events_consumed_total{outcome=\"dead-lettered\",topic=\"training.control\","
          + "type=\"dev.stride.training.run-cancel-requested.v1\"}";

  @InjectDevStack DevStack stack;
  @Inject ObjectStore store;

  @Test
  void everyExceptionIsCountedAndDeadLetteredAndTheNextCancelStillStopsARun() {
    TinyDataset.ensure(store);
    PrometheusText before = scrape();
    String deadLetters = Topics.deadLetter(Topics.TRAINING_CONTROL);
    try (EventTap tap =
        EventTap.open(
            stack.kafka().bootstrapServers(), List.of(Topics.TRAINING_EVENTS, deadLetters))) {
      // a run long enough to be running still when the cancels have been handled
      tap.publish(
          new RunRequested(
              RUNNING,
              TinyDataset.ID,
              "alexnet-mini",
              null,
              new Hyperparameters(1000, 64, null, 1L, 1)),
          "/test");
      tap.await(RunStarted.class, e -> e.runId().equals(RUNNING), WAIT);

      for (String fault : FaultyRunExecutor.FAULTS.keySet()) {
        tap.publish(new RunCancelRequested("cancel-fault-" + fault, "a fault"), "/test");
      }

      Awaitility.await()
          .atMost(WAIT)
          .untilAsserted(
              () ->
                  assertThat(tap.records("cancel-fault-"))
                      .filteredOn(r -> r.topic().equals(deadLetters))
                      .hasSize(FaultyRunExecutor.FAULTS.size()));
      for (String fault : FaultyRunExecutor.FAULTS.keySet()) {
        String runId = "cancel-fault-" + fault;
        Throwable thrown = FaultyRunExecutor.FAULTS.get(fault).get();
        ConsumerRecord<String, byte[]> dead =
            tap.records(runId).stream()
                .filter(r -> r.topic().equals(deadLetters))
                .findFirst()
                .get();
        assertThat(EventTap.header(dead, "dead-letter-exception-class-name"))
            .as(runId)
            .isEqualTo(thrown.getClass().getName());
        // SmallRye's reason is the message, or the exception itself where it has none
        assertThat(EventTap.header(dead, "dead-letter-reason"))
            .as(runId)
            .isEqualTo(thrown.getMessage() != null ? thrown.getMessage() : thrown.toString());
        assertThat(EventTap.header(dead, "dead-letter-topic"))
            .as(runId)
            .isEqualTo(Topics.TRAINING_CONTROL);
        assertThat(store.exists(ObjectKeys.runCancel(runId))).as(runId).isFalse();
      }

      // the cancel after every fault (all handled: the records may sit on other partitions)
      tap.publish(new RunCancelRequested(RUNNING, "after the faults"), "/test");
      RunCancelled cancelled = tap.await(RunCancelled.class, e -> e.runId().equals(RUNNING), WAIT);
      assertThat(cancelled.reason()).isEqualTo("after the faults");
      assertThat(store.getJson(ObjectKeys.runHistory(RUNNING), RunHistory.class).status())
          .isEqualTo(RunHistory.CANCELLED);
    }
    assertThat(scrape().count(DEAD_LETTERED))
        .isEqualTo(before.count(DEAD_LETTERED) + FaultyRunExecutor.FAULTS.size());
  }

  private static PrometheusText scrape() {
    return PrometheusText.parse(
        given().get("/q/metrics").then().statusCode(200).extract().asString());
  }
}
