package dev.stride.console.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stride.console.api.SseReader.ServerSentEvent;
import dev.stride.console.registry.RunView;
import dev.stride.console.registry.RunView.EpochView;
import dev.stride.console.registry.RunView.ProgressView;
import dev.stride.contracts.Topics;
import dev.stride.contracts.events.EpochCompleted;
import dev.stride.contracts.events.EvaluationCompleted;
import dev.stride.contracts.events.Event;
import dev.stride.contracts.events.Hyperparameters;
import dev.stride.contracts.events.RunCompleted;
import dev.stride.contracts.events.RunProgressed;
import dev.stride.contracts.events.RunRequested;
import dev.stride.contracts.events.RunStarted;
import dev.stride.devstack.DevStack;
import dev.stride.devstack.DevStackTestResource;
import dev.stride.devstack.EventTap;
import dev.stride.devstack.InjectDevStack;
import dev.stride.messaging.CloudEventsKafka;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The registry as the REST API shows it, fed by real events on the devstack's broker. */
@QuarkusTest
@QuarkusTestResource(DevStackTestResource.class)
class RunsResourceTest {

  static final Duration WAIT = Duration.ofSeconds(60);
  static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");
  static final Hyperparameters HYPERPARAMETERS = new Hyperparameters(2, 64, 0.01, 7L, null);

  @InjectDevStack DevStack stack;
  @Inject ObjectMapper mapper;

  @TestHTTPResource("/api/v1/runs/run-sse/stream")
  URI streamUri;

  EventTap tap;

  @BeforeEach
  void openTap() {
    tap = EventTap.open(stack.kafka().bootstrapServers(), List.of(Topics.TRAINING_EVENTS));
  }

  @AfterEach
  void closeTap() {
    tap.close();
  }

  @Test
  void aRunsEventsFoldIntoItsEntry() throws Exception {
    publish(new RunRequested("run-life", "ds-life", "alexnet-mini", "m-life", HYPERPARAMETERS), 0);
    publish(
        new RunStarted("run-life", "ds-life", "alexnet-mini", "cpu()", 123456L, "w-1", 1, null), 5);
    publish(new RunProgressed("run-life", 1, 5, 10, 250.0, 42.0), 10);
    publish(new EpochCompleted("run-life", 1, 2, 1.9, 0.3, 1.8, 0.35, 10.0, 300.0), 20);
    publish(new EpochCompleted("run-life", 2, 2, 1.5, 0.45, 1.6, 0.41, 9.5, 310.0), 30);
    publish(
        new RunCompleted(
            "run-life",
            "ds-life",
            "alexnet-mini",
            "m-life",
            2,
            2,
            "runs/run-life/checkpoints/epoch-0002/checkpoint.json",
            "runs/run-life/checkpoints/epoch-0002/checkpoint.json",
            "runs/run-life/history.json",
            "cpu()",
            29.5,
            false,
            Map.of(
                "summary", "runs/run-life/model/summary.txt",
                "diagram", "runs/run-life/model/diagram.svg"),
            null),
        35);
    publish(
        new EvaluationCompleted(
            "run-life",
            "m-life",
            "runs/run-life/checkpoints/epoch-0002/checkpoint.json",
            2,
            100,
            1.55,
            0.42,
            0.8,
            0.05,
            "runs/run-life/evaluation/report.json",
            Map.of("confusion", "runs/run-life/evaluation/confusion.png"),
            List.of(),
            "cpu()"),
        50);

    Awaitility.await()
        .atMost(WAIT)
        .untilAsserted(
            () -> given().get("/api/v1/runs/run-life").then().body("testAccuracy", equalTo(0.42f)));

    assertThat(run("run-life"))
        .isEqualTo(
            new RunView(
                "run-life",
                "completed",
                "ds-life",
                "alexnet-mini",
                "m-life",
                HYPERPARAMETERS,
                "cpu()",
                123456L,
                "w-1",
                2,
                List.of(
                    new EpochView(1, 1.9, 0.3, 1.8, 0.35, 10.0, 300.0),
                    new EpochView(2, 1.5, 0.45, 1.6, 0.41, 9.5, 310.0)),
                new ProgressView(1, 5, 10, 250.0, 42.0),
                0.41,
                2,
                2,
                false,
                "runs/run-life/checkpoints/epoch-0002/checkpoint.json",
                "runs/run-life/checkpoints/epoch-0002/checkpoint.json",
                "runs/run-life/history.json",
                Map.of(
                    "diagram", "runs/run-life/model/diagram.svg",
                    "summary", "runs/run-life/model/summary.txt"),
                1.55,
                0.42,
                0.8,
                0.05,
                "runs/run-life/evaluation/report.json",
                Map.of("confusion", "runs/run-life/evaluation/confusion.png"),
                "cpu()",
                null,
                null,
                null,
                T0,
                T0.plusSeconds(5),
                T0.plusSeconds(35),
                30.0));
    // the JSON itself: times as RFC 3339, absent values left out
    given()
        .get("/api/v1/runs/run-life")
        .then()
        .statusCode(200)
        .body("startedAt", equalTo("2026-11-28T10:00:05Z"))
        .body("history[1].valAccuracy", equalTo(0.41f))
        .body("containsKey('failureReason')", equalTo(false));
  }

  @Test
  void runsAreListedNewestFirstAndAnUnknownRunIs404() throws Exception {
    publish(new RunRequested("run-older", "ds", null, null, null), -3600);
    publish(new RunRequested("run-newer", "ds", null, null, null), 3600);
    Awaitility.await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                given().get("/api/v1/runs/run-newer").then().body("status", equalTo("requested")));

    List<String> ids =
        Arrays.stream(
                mapper.readValue(
                    given().get("/api/v1/runs").then().statusCode(200).extract().asString(),
                    RunView[].class))
            .map(RunView::runId)
            .toList();
    assertThat(ids).contains("run-older", "run-newer");
    assertThat(ids.indexOf("run-newer")).isLessThan(ids.indexOf("run-older"));

    given()
        .get("/api/v1/runs/no-such-run")
        .then()
        .statusCode(404)
        .contentType("application/json")
        .body("error", equalTo("no run no-such-run"));
  }

  @Test
  void theStreamSendsTheRunThenOneEventPerChange() throws Exception {
    publish(new RunStarted("run-sse", "ds", "alexnet-mini", "cpu()", 10L, "w-2", 1, null), 0);
    publish(new EpochCompleted("run-sse", 1, 3, 2.0, 0.2, 1.9, 0.25, 5.0, 100.0), 10);
    Awaitility.await()
        .atMost(WAIT)
        .untilAsserted(
            () -> given().get("/api/v1/runs/run-sse").then().body("history.size()", equalTo(1)));

    try (SseReader stream = SseReader.open(streamUri)) {
      Awaitility.await().atMost(WAIT).until(() -> stream.events().size() == 1);
      assertThat(stream.response().statusCode()).isEqualTo(200);
      assertThat(stream.response().headers().firstValue("content-type"))
          .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
      ServerSentEvent state = stream.events().get(0);
      assertThat(state.name()).isEqualTo("state");
      assertThat(mapper.readValue(state.data(), RunView.class).history()).hasSize(1);

      publish(new EpochCompleted("run-sse", 2, 3, 1.7, 0.35, 1.6, 0.38, 4.5, 110.0), 20);
      Awaitility.await().atMost(WAIT).until(() -> stream.events().size() == 2);
      ServerSentEvent epoch = stream.events().get(1);
      assertThat(epoch.name()).isEqualTo("epoch");
      RunView afterEpoch = mapper.readValue(epoch.data(), RunView.class);
      assertThat(afterEpoch.history())
          .containsExactly(
              new EpochView(1, 2.0, 0.2, 1.9, 0.25, 5.0, 100.0),
              new EpochView(2, 1.7, 0.35, 1.6, 0.38, 4.5, 110.0));
      assertThat(afterEpoch.bestValAccuracy()).isEqualTo(0.38);

      publish(new RunProgressed("run-sse", 3, 4, 10, 500.0, 12.5), 25);
      Awaitility.await().atMost(WAIT).until(() -> stream.events().size() == 3);
      ServerSentEvent progress = stream.events().get(2);
      assertThat(progress.name()).isEqualTo("progress");
      assertThat(mapper.readValue(progress.data(), RunView.class).progress())
          .isEqualTo(new ProgressView(3, 4, 10, 500.0, 12.5));
      assertThat(stream.error()).isNull();
    }
  }

  @Test
  void aQuietStreamKeepsItsConnectionAliveWithComments() {
    // nothing happens to this run; the test profile beats every 200 ms (15 s by default)
    try (SseReader stream =
        SseReader.open(URI.create(streamUri.toString().replace("run-sse", "run-quiet")))) {
      Awaitility.await().atMost(WAIT).until(() -> stream.comments().size() >= 3);
      assertThat(stream.comments()).first().isEqualTo("keep-alive");
      assertThat(stream.events()).isEmpty();
      assertThat(stream.error()).isNull();
    }
  }

  @Test
  void poisonRecordsAreSkippedAndLaterEventsApplied() throws Exception {
    // not a CloudEvent; an unknown type; a known type whose body misses its run id; a time that
    // is no time
    tap.send(
        new ProducerRecord<>(
            Topics.TRAINING_EVENTS, "run-poison", "not an event".getBytes(StandardCharsets.UTF_8)));
    tap.send(cloudEvent("dev.example.other-thing.v1", "{\"runId\": \"run-poison\"}", null));
    tap.send(
        cloudEvent(
            "dev.stride.training.run-started.v1",
            "{\"device\": \"gpu(0)\", \"parameterCount\": 1, \"startEpoch\": 1}",
            null));
    tap.send(
        cloudEvent(
            "dev.stride.training.run-started.v1",
            "{\"runId\": \"run-poison\", \"device\": \"gpu(0)\"}",
            "yesterday"));
    publish(new RunStarted("run-poison", "ds", "alexnet-mini", "cpu()", 99L, "w-3", 1, null), 7);

    Awaitility.await()
        .atMost(WAIT)
        .untilAsserted(
            () -> given().get("/api/v1/runs/run-poison").then().body("status", equalTo("running")));
    RunView run = run("run-poison");
    assertThat(run.device()).isEqualTo("cpu()");
    assertThat(run.worker()).isEqualTo("w-3");
    assertThat(run.startedAt()).isEqualTo(T0.plusSeconds(7));
    assertThat(run.history()).isEmpty();
  }

  private RunView run(String runId) throws Exception {
    return mapper.readValue(
        given().get("/api/v1/runs/" + runId).then().statusCode(200).extract().asString(),
        RunView.class);
  }

  /** Publishes {@code event} as happening {@code seconds} after T0. */
  private void publish(Event event, long seconds) {
    tap.send(
        CloudEventsKafka.toRecord(
            event,
            "/test",
            UUID.randomUUID().toString(),
            OffsetDateTime.ofInstant(T0.plusSeconds(seconds), ZoneOffset.UTC)));
  }

  private static ProducerRecord<String, byte[]> cloudEvent(String type, String body, String time) {
    ProducerRecord<String, byte[]> record =
        new ProducerRecord<>(
            Topics.TRAINING_EVENTS, "run-poison", body.getBytes(StandardCharsets.UTF_8));
    record.headers().add("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8));
    record.headers().add("ce_id", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
    record.headers().add("ce_source", "/test".getBytes(StandardCharsets.UTF_8));
    record.headers().add("ce_type", type.getBytes(StandardCharsets.UTF_8));
    if (time != null) {
      record.headers().add("ce_time", time.getBytes(StandardCharsets.UTF_8));
    }
    return record;
  }
}
