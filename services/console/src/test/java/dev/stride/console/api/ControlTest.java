package dev.stride.console.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import dev.stride.contracts.Topics;
import dev.stride.contracts.events.Hyperparameters;
import dev.stride.contracts.events.Hyperparameters.AugmentationSpec;
import dev.stride.contracts.events.Hyperparameters.EarlyStoppingSpec;
import dev.stride.contracts.events.Hyperparameters.ScheduleSpec;
import dev.stride.contracts.events.RunCancelRequested;
import dev.stride.contracts.events.RunCompleted;
import dev.stride.contracts.events.RunRequested;
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
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The commands: run requests, sweeps and cancels, as the broker receives them. */
@QuarkusTest
@QuarkusTestResource(DevStackTestResource.class)
class ControlTest {

  static final Duration WAIT = Duration.ofSeconds(60);

  /** The golden RunRequested's body (libs/contracts), under another run id. */
  static final String GOLDEN =
      """
      {
        "runId" : "run-submit-1",
        "datasetId" : "cifar10",
        "architecture" : "alexnet-mini",
        "modelName" : "cifar10",
        "hyperparameters" : {
          "epochs" : 10,
          "batchSize" : 128,
          "learningRate" : 0.001,
          "seed" : 42,
          "shuffle" : true,
          "normalization" : "standardize",
          "augmentation" : { "randomCrop" : true, "horizontalFlip" : true },
          "schedule" : { "type" : "cosine", "minLearningRate" : 1.0E-5 },
          "earlyStopping" : { "patience" : 3, "minDelta" : 0.001 },
          "devices" : 1
        }
      }
      """;

  @InjectDevStack DevStack stack;
  EventTap tap;

  @BeforeEach
  void openTap() {
    tap =
        EventTap.open(
            stack.kafka().bootstrapServers(),
            List.of(Topics.TRAINING_REQUESTS, Topics.TRAINING_CONTROL));
  }

  @AfterEach
  void closeTap() {
    tap.close();
  }

  @Test
  void aSubmittedRunIsPublishedAsIsAndListedAsRequested() {
    given()
        .contentType("application/json")
        .body(GOLDEN)
        .post("/api/v1/runs")
        .then()
        .statusCode(202)
        .body("runId", equalTo("run-submit-1"));

    RunRequested published =
        tap.await(RunRequested.class, r -> r.runId().equals("run-submit-1"), WAIT);
    assertThat(published)
        .isEqualTo(
            new RunRequested(
                "run-submit-1",
                "cifar10",
                "alexnet-mini",
                null,
                "cifar10",
                new Hyperparameters(
                    10,
                    128,
                    0.001,
                    42L,
                    null,
                    true,
                    "standardize",
                    new AugmentationSpec(true, true),
                    new ScheduleSpec("cosine", null, null, 1.0e-5),
                    new EarlyStoppingSpec(3, 0.001),
                    1)));
    ConsumerRecord<String, byte[]> record = record("run-submit-1");
    assertThat(record.topic()).isEqualTo(Topics.TRAINING_REQUESTS);
    assertThat(EventTap.header(record, CloudEventsKafka.HEADER_SOURCE))
        .isEqualTo("/stride/console");
    assertThat(EventTap.header(record, CloudEventsKafka.HEADER_TYPE))
        .isEqualTo("dev.stride.training.run-requested.v1");

    // the request comes back through the registry: listed before any trainer takes it
    Awaitility.await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                given()
                    .get("/api/v1/runs/run-submit-1")
                    .then()
                    .statusCode(200)
                    .body("status", equalTo("requested"))
                    .body("epochs", equalTo(10))
                    .body("hyperparameters.normalization", equalTo("standardize"))
                    .body("hyperparameters.schedule.type", equalTo("cosine")));
  }

  @Test
  void aRequestWithoutRunIdGetsOne() {
    String runId =
        given()
            .contentType("application/json")
            .body("{\"datasetId\": \"cifar10\", \"hyperparameters\": {\"epochs\": 2}}")
            .post("/api/v1/runs")
            .then()
            .statusCode(202)
            .body("runId", matchesPattern("run-[0-9a-f]{8}-[0-9a-f]{4}"))
            .extract()
            .path("runId");

    assertThat(tap.await(RunRequested.class, r -> r.runId().equals(runId), WAIT))
        .isEqualTo(
            new RunRequested(
                runId,
                "cifar10",
                "alexnet-mini",
                "cifar10",
                new Hyperparameters(2, null, null, null, null)));
  }

  @Test
  void badRequestsAre400NamingTheFieldAndNothingIsPublished() {
    refused(
        "{\"runId\": \"run-bad-1\", \"datasetId\": \"d\", \"hyperparameters\": {\"batchSize\": -64}}",
        "hyperparameters.batchSize",
        "hyperparameters.batchSize must be positive, was -64");
    refused(
        "{\"runId\": \"run-bad-2\", \"datasetId\": \"d\", \"hyperparameters\": {\"batchSize\": \"big\"}}",
        "hyperparameters.batchSize",
        null);
    refused(
        "{\"runId\": \"run-bad-3\", \"datasetId\": \"d\", \"hyperparameter\": {\"epochs\": 1}}",
        "hyperparameter",
        "hyperparameter is not a field of RunRequested; its fields are runId, datasetId,"
            + " architecture, architectureSpec, modelName, hyperparameters");
    refused("{\"runId\": \"run-bad-4\"}", "datasetId", "datasetId is required");
    given()
        .contentType("application/json")
        .body("{\"runId\": \"run-bad-5\", ")
        .post("/api/v1/runs")
        .then()
        .statusCode(400)
        .body("error", org.hamcrest.Matchers.startsWith("malformed JSON: "));
    // issue 21: bytes after the JSON value were ignored
    given()
        .contentType("application/json")
        .body("{\"runId\": \"run-bad-6\", \"datasetId\": \"d\"} {\"runId\": \"run-bad-7\"}")
        .post("/api/v1/runs")
        .then()
        .statusCode(400)
        .body("error", org.hamcrest.Matchers.startsWith("malformed JSON: Trailing token"));
    refused(
        "{\"runId\": \"run-bad-8\", \"datasetId\": \"d\", \"hyperparameters\": {\"epochs\": 1.7}}",
        "hyperparameters.epochs",
        null);

    // a marker sent after them on the same topic: once it is seen, the bad ones would have been too
    given()
        .contentType("application/json")
        .body("{\"runId\": \"run-bad-marker\", \"datasetId\": \"d\"}")
        .post("/api/v1/runs")
        .then()
        .statusCode(202);
    tap.await(RunRequested.class, r -> r.runId().equals("run-bad-marker"), WAIT);
    assertThat(tap.records())
        .extracting(ConsumerRecord::key)
        .noneMatch(
            key -> key != null && key.startsWith("run-bad-") && !key.equals("run-bad-marker"));
  }

  @Test
  void aTwoByTwoSweepIsFourRequests() {
    given()
        .contentType("application/json")
        .body(
            """
            {"base": {"runId": "sweep-a", "datasetId": "cifar10", "hyperparameters": {"epochs": 1}},
             "grid": {"learningRate": [0.001, 0.01], "batchSize": [64, 128]}}
            """)
        .post("/api/v1/sweeps")
        .then()
        .statusCode(202)
        .body("runIds", contains("sweep-a-1", "sweep-a-2", "sweep-a-3", "sweep-a-4"));

    Awaitility.await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(
                        tap.events().stream()
                            .map(e -> e.data())
                            .filter(RunRequested.class::isInstance)
                            .map(RunRequested.class::cast)
                            .filter(r -> r.runId().startsWith("sweep-a-"))
                            .toList())
                    .containsExactlyInAnyOrder(
                        sweepRun("sweep-a-1", 0.001, 64),
                        sweepRun("sweep-a-2", 0.001, 128),
                        sweepRun("sweep-a-3", 0.01, 64),
                        sweepRun("sweep-a-4", 0.01, 128)));
  }

  @Test
  void aSweepWithOneBadPointPublishesNothing() {
    given()
        .contentType("application/json")
        .body(
            """
            {"base": {"runId": "sweep-b", "datasetId": "cifar10"},
             "grid": {"batchSize": [64, 0]}}
            """)
        .post("/api/v1/sweeps")
        .then()
        .statusCode(400)
        .body("field", equalTo("hyperparameters.batchSize"))
        .body(
            "error",
            equalTo("run 2 of 2 (batchSize=0): hyperparameters.batchSize must be positive, was 0"));
    given()
        .contentType("application/json")
        .body("{\"runId\": \"sweep-b-marker\", \"datasetId\": \"d\"}")
        .post("/api/v1/runs")
        .then()
        .statusCode(202);
    tap.await(RunRequested.class, r -> r.runId().equals("sweep-b-marker"), WAIT);
    assertThat(tap.events(RunRequested.class, "sweep-b-1")).isEmpty();
  }

  @Test
  void aCancelIsPublishedForARunThatHasNotEnded() {
    tap.publish(new RunRequested("run-cancel", "cifar10", null, null, null), "/test");
    tap.publish(new RunRequested("run-done", "cifar10", null, null, null), "/test");
    tap.publish(
        new RunCompleted(
            "run-done",
            "cifar10",
            null,
            null,
            1,
            1,
            "ck",
            "ck",
            "h",
            "cpu()",
            1.0,
            false,
            null,
            null),
        "/test");
    Awaitility.await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              given().get("/api/v1/runs/run-cancel").then().statusCode(200);
              given().get("/api/v1/runs/run-done").then().body("status", equalTo("completed"));
            });

    given()
        .contentType("application/json")
        .body("{\"reason\": \"wrong learning rate\"}")
        .post("/api/v1/runs/run-cancel/cancel")
        .then()
        .statusCode(202)
        .body("runId", equalTo("run-cancel"));
    assertThat(tap.await(RunCancelRequested.class, c -> c.runId().equals("run-cancel"), WAIT))
        .isEqualTo(new RunCancelRequested("run-cancel", "wrong learning rate"));
    assertThat(record("run-cancel", Topics.TRAINING_CONTROL)).isNotNull();

    given().post("/api/v1/runs/run-cancel/cancel").then().statusCode(202);
    Awaitility.await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(tap.events(RunCancelRequested.class, "run-cancel"))
                    .containsExactly(
                        new RunCancelRequested("run-cancel", "wrong learning rate"),
                        new RunCancelRequested("run-cancel", "cancelled from the console")));

    given()
        .post("/api/v1/runs/run-done/cancel")
        .then()
        .statusCode(409)
        .body("error", equalTo("run run-done has already ended: completed"));
    given()
        .post("/api/v1/runs/run-never/cancel")
        .then()
        .statusCode(404)
        .body("error", equalTo("no run run-never"));
    assertThat(tap.events(RunCancelRequested.class, "run-done")).isEmpty();
  }

  @Test
  void aPredictWithABadTopOrContentTypeIs400NamingItBeforeAnythingIsForwarded() throws Exception {
    // issue 21: ?top=abc was 404
    given()
        .contentType("image/png")
        .body(new byte[] {1, 2, 3})
        .queryParam("top", "abc")
        .post("/api/v1/predict")
        .then()
        .statusCode(400)
        .body("field", equalTo("top"))
        .body("error", equalTo("top must be a whole number, got 'abc'"));
    // issue 21: a Content-Type holding the byte 0xE9 was 500; sent raw, as a client may
    byte[] head =
        ("POST /api/v1/predict HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: image/png")
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    byte[] rest =
        "\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc"
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    try (java.net.Socket socket =
        new java.net.Socket("127.0.0.1", io.restassured.RestAssured.port)) {
      socket.setSoTimeout(30_000);
      socket.getOutputStream().write(head);
      socket.getOutputStream().write(0xE9);
      socket.getOutputStream().write(rest);
      String answer =
          new String(
              socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      assertThat(answer)
          .startsWith("HTTP/1.1 400")
          .contains("\"field\":\"Content-Type\"")
          .contains("Content-Type 'image/png\\\\xE9' holds a byte that is not printable ASCII");
    }
  }

  private static void refused(String body, String field, String error) {
    var response =
        given()
            .contentType("application/json")
            .body(body)
            .post("/api/v1/runs")
            .then()
            .statusCode(400)
            .contentType("application/json")
            .body("field", equalTo(field));
    if (error != null) {
      response.body("error", equalTo(error));
    } else {
      response.body("error", org.hamcrest.Matchers.startsWith(field + " "));
    }
  }

  private static RunRequested sweepRun(String runId, double learningRate, int batchSize) {
    return new RunRequested(
        runId, "cifar10", null, null, new Hyperparameters(1, batchSize, learningRate, null, null));
  }

  private ConsumerRecord<String, byte[]> record(String key) {
    return record(key, Topics.TRAINING_REQUESTS);
  }

  private ConsumerRecord<String, byte[]> record(String key, String topic) {
    return tap.records().stream()
        .filter(r -> r.topic().equals(topic) && key.equals(r.key()))
        .findFirst()
        .orElseThrow();
  }
}
