package dev.stride.evaluator.evaluation;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import ai.djl.Device;
import dev.stride.contracts.ObjectKeys;
import dev.stride.contracts.Topics;
import dev.stride.contracts.events.EvaluationCompleted;
import dev.stride.contracts.events.EvaluationFailed;
import dev.stride.contracts.events.ModelPromoted;
import dev.stride.contracts.events.RunCompleted;
import dev.stride.contracts.events.RunFailed;
import dev.stride.contracts.objects.Checkpoint;
import dev.stride.contracts.objects.EvaluationReport;
import dev.stride.contracts.objects.ModelPointer;
import dev.stride.data.ImageSet;
import dev.stride.data.SyntheticCifar;
import dev.stride.devstack.DevStack;
import dev.stride.devstack.DevStackTestResource;
import dev.stride.devstack.EventTap;
import dev.stride.devstack.InjectDevStack;
import dev.stride.devstack.LogCapture;
import dev.stride.devstack.PrometheusText;
import dev.stride.nn.Classifier;
import dev.stride.storage.CheckpointStore;
import dev.stride.storage.ObjectStore;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@QuarkusTest
@QuarkusTestResource(DevStackTestResource.class)
class EvaluatorTest {

  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final ImageSet TRAIN = SyntheticCifar.generate(256, 11);
  private static final ImageSet TEST = SyntheticCifar.generate(100, 12);

  @InjectDevStack DevStack stack;
  @Inject ObjectStore store;
  @Inject CheckpointStore checkpoints;
  EventTap tap;

  @BeforeEach
  void openTap() {
    tap = EventTap.open(stack.kafka().bootstrapServers(), List.of(Topics.EVALUATION_EVENTS));
  }

  @AfterEach
  void closeTap() {
    tap.close();
  }

  @Test
  void scoresFinalAndBestOnTheTestSplitAndPromotesTheBest() throws Exception {
    writeDataset("eval-ds", TEST);
    Path best = train(1);
    Path last = train(2);
    checkpoints.save(checkpoint("run-e1", "eval-ds", 1), best, true);
    checkpoints.save(checkpoint("run-e1", "eval-ds", 2), last, false);

    tap.publish(completed("run-e1", "m-first", 2, 1), "/test");

    EvaluationCompleted evaluated =
        tap.await(EvaluationCompleted.class, e -> e.runId().equals("run-e1"), WAIT);
    ModelPromoted promoted = tap.await(ModelPromoted.class, e -> e.runId().equals("run-e1"), WAIT);
    float[][] bestProbabilities;
    double bestAccuracy;
    double lastAccuracy;
    try (Classifier classifier = Classifier.load("alexnet-mini", 10, best, Device.cpu())) {
      Classifier.Scores scores = classifier.score(TEST, 50);
      bestProbabilities = scores.probabilities();
      bestAccuracy = scores.accuracy();
      assertThat(evaluated.testLoss())
          .isCloseTo(scores.loss(), org.assertj.core.data.Offset.offset(1e-5));
    }
    try (Classifier classifier = Classifier.load("alexnet-mini", 10, last, Device.cpu())) {
      lastAccuracy = classifier.score(TEST, 50).accuracy();
    }
    // the event carries the candidate's numbers: the best checkpoint by validation
    assertThat(evaluated.checkpointKey()).isEqualTo(CheckpointStore.documentKey("run-e1", 1));
    assertThat(evaluated.epoch()).isEqualTo(1);
    assertThat(evaluated.examples()).isEqualTo(100);
    assertThat(evaluated.testAccuracy()).isEqualTo(bestAccuracy);
    assertThat(evaluated.top3Accuracy()).isBetween(bestAccuracy, 1.0);
    // scored where evaluator.device (auto) put it: the CPU here, as DJL prints it
    assertThat(evaluated.device()).isEqualTo("cpu()");
    assertThat(evaluated.pictures())
        .containsOnlyKeys("confusion", "predictions", "confidence", "calibration");
    for (String key : evaluated.pictures().values()) {
      assertThat(ImageIO.read(new ByteArrayInputStream(store.get(key)))).isNotNull();
    }

    EvaluationReport report = store.getJson(evaluated.reportKey(), EvaluationReport.class);
    assertThat(report.device()).isEqualTo("cpu()");
    assertThat(report.evaluations())
        .extracting(EvaluationReport.CheckpointEvaluation::roles)
        .containsExactly(List.of("final"), List.of("best"));
    assertThat(report.evaluations().get(0).accuracy()).isEqualTo(lastAccuracy);
    EvaluationReport.CheckpointEvaluation candidate = report.candidate();
    assertThat(
            candidate.confusion().stream().flatMap(List::stream).mapToInt(Integer::intValue).sum())
        .isEqualTo(100);
    int diagonal = 0;
    for (int k = 0; k < 10; k++) {
      diagonal += candidate.confusion().get(k).get(k);
    }
    assertThat(diagonal / 100.0).isEqualTo(bestAccuracy);
    assertThat(candidate.classes()).hasSize(10);
    assertThat(candidate.calibration().bins()).hasSize(10);
    // every example shown for a case meets its definition (high ≥ 0.8, low < 0.5)
    for (EvaluationReport.ConfidenceCase c : candidate.confidenceCases()) {
      for (int i : c.examples()) {
        int predicted = argMax(bestProbabilities[i]);
        boolean correct = predicted == TEST.label(i);
        double confidence = bestProbabilities[i][predicted];
        assertThat(correct).isEqualTo(c.kind().startsWith("correct"));
        if (c.kind().endsWith("high")) {
          assertThat(confidence).isGreaterThanOrEqualTo(0.8);
        } else {
          assertThat(confidence).isLessThan(0.5);
        }
      }
    }
    assertThat(promoted.checkpointKey()).isEqualTo(CheckpointStore.documentKey("run-e1", 1));
    assertThat(promoted.previousRunId()).isNull();
    ModelPointer pointer = store.getJson(ObjectKeys.currentModel("m-first"), ModelPointer.class);
    assertThat(pointer.reason()).isEqualTo("better");
    given()
        .get("/api/v1/runs/run-e1/evaluation")
        .then()
        .statusCode(200)
        .body("runId", equalTo("run-e1"))
        .body("device", equalTo("cpu()"))
        .body("evaluations[1].examples", equalTo(100));
  }

  @Test
  void promotesAndRollsBackByHand() throws Exception {
    writeDataset("eval-roll", TEST);
    checkpoints.save(checkpoint("run-r1", "eval-roll", 1), train(3), true);
    checkpoints.save(checkpoint("run-r2", "eval-roll", 1), train(4), true);
    tap.publish(completed("run-r1", "m-roll", 1, 1), "/test");
    tap.await(ModelPromoted.class, e -> e.runId().equals("run-r1"), WAIT);
    tap.publish(completed("run-r2", "m-other", 1, 1), "/test");
    tap.await(EvaluationCompleted.class, e -> e.runId().equals("run-r2"), WAIT);

    given()
        .contentType("application/json")
        .body("{\"runId\":\"run-r2\",\"checkpoint\":\"final\"}")
        .post("/api/v1/models/m-roll/promote")
        .then()
        .statusCode(200)
        .body("runId", equalTo("run-r2"))
        .body("reason", equalTo("manual"))
        .body("previousRunId", equalTo("run-r1"));
    ModelPromoted manual =
        tap.await(
            ModelPromoted.class,
            e -> e.runId().equals("run-r2") && e.modelName().equals("m-roll"),
            WAIT);
    assertThat(manual.previousRunId()).isEqualTo("run-r1");

    given()
        .post("/api/v1/models/m-roll/rollback")
        .then()
        .statusCode(200)
        .body("runId", equalTo("run-r1"))
        .body("reason", equalTo("rollback"));
    org.awaitility.Awaitility.await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(
                        tap.events(ModelPromoted.class, "run-r1").stream()
                            .filter(e -> e.modelName().equals("m-roll")))
                    .hasSize(2));
    given()
        .get("/api/v1/models/m-roll/history")
        .then()
        .statusCode(200)
        .body("entries.runId", org.hamcrest.Matchers.contains("run-r1", "run-r2", "run-r1"));

    given()
        .contentType("application/json")
        .body("{\"runId\":\"never-evaluated\"}")
        .post("/api/v1/models/m-roll/promote")
        .then()
        .statusCode(404)
        .body("error", equalTo("run never-evaluated has no evaluation to promote"));
    given()
        .contentType("application/json")
        .body("{\"runId\":\"run-r2\",\"checkpoint\":\"middle\"}")
        .post("/api/v1/models/m-roll/promote")
        .then()
        .statusCode(400);
    given().post("/api/v1/models/m-nothing/rollback").then().statusCode(404);
  }

  @Test
  void aRedeliveredRunCompletedIsNotScoredTwice() throws Exception {
    writeDataset("eval-ds2", TEST);
    checkpoints.save(checkpoint("run-e2", "eval-ds2", 1), train(5), true);
    RunCompleted completed = completed("run-e2", "m-twice", 1, 1);
    tap.publish(completed, "/test");
    tap.await(ModelPromoted.class, e -> e.runId().equals("run-e2"), WAIT);
    String reportKey = ObjectKeys.evaluationReport("run-e2");
    EvaluationReport first = store.getJson(reportKey, EvaluationReport.class);
    // as if a replica on a GPU had scored it: the repeat names where the report's numbers were
    // made, not where this replica runs
    store.putJson(reportKey, onDevice(first, "gpu(1)"));

    tap.publish(completed, "/test");

    Awaitility.await()
        .atMost(WAIT)
        .untilAsserted(
            () -> assertThat(tap.events(EvaluationCompleted.class, "run-e2")).hasSize(2));
    assertThat(store.getJson(reportKey, EvaluationReport.class).createdAt())
        .isEqualTo(first.createdAt());
    List<EvaluationCompleted> both = tap.events(EvaluationCompleted.class, "run-e2");
    assertThat(both.get(0).device()).isEqualTo("cpu()");
    assertThat(both.get(1).device()).isEqualTo("gpu(1)");
    assertThat(both.get(1))
        .usingRecursiveComparison()
        .ignoringFields("device")
        .isEqualTo(both.get(0));
  }

  @Test
  void aTornEarlierReportIsScoredAgainAndRewritten() throws Exception {
    writeDataset("eval-torn-report", TEST);
    checkpoints.save(checkpoint("run-torn-report", "eval-torn-report", 1), train(5), true);
    String reportKey = ObjectKeys.evaluationReport("run-torn-report");
    store.put(reportKey, "{\"runId\": ".getBytes(StandardCharsets.UTF_8), "application/json");

    tap.publish(completed("run-torn-report", "m-torn-report", 1, 1), "/test");

    EvaluationCompleted completed =
        tap.await(EvaluationCompleted.class, e -> e.runId().equals("run-torn-report"), WAIT);
    EvaluationReport rewritten = store.getJson(reportKey, EvaluationReport.class);
    assertThat(rewritten.runId()).isEqualTo("run-torn-report");
    assertThat(rewritten.candidate().accuracy()).isEqualTo(completed.testAccuracy());
  }

  private static EvaluationReport onDevice(EvaluationReport report, String device) {
    return new EvaluationReport(
        report.runId(),
        report.datasetId(),
        report.modelName(),
        report.candidateKey(),
        report.evaluations(),
        report.pictures(),
        report.highConfidence(),
        report.lowConfidence(),
        device,
        report.createdAt());
  }

  @Test
  void aRunEvaluatedButNeverPromotedIsPromotedWhenItsRunCompletedComesAgain() throws Exception {
    writeDataset("eval-ds6", TEST);
    checkpoints.save(checkpoint("run-e6", "eval-ds6", 1), train(6), true);
    RunCompleted completed = completed("run-e6", "m-stopped", 1, 1);
    tap.publish(completed, "/test");
    tap.await(ModelPromoted.class, e -> e.runId().equals("run-e6"), WAIT);
    // as if the evaluator had stopped after writing the report, before promoting
    store.delete(ObjectKeys.currentModel("m-stopped"));
    store.delete(ObjectKeys.modelHistory("m-stopped"));

    tap.publish(completed, "/test");

    Awaitility.await()
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(tap.events(ModelPromoted.class, "run-e6")).hasSize(2));
    ModelPointer pointer = store.getJson(ObjectKeys.currentModel("m-stopped"), ModelPointer.class);
    assertThat(pointer.runId()).isEqualTo("run-e6");
    assertThat(pointer.checkpointKey()).isEqualTo(CheckpointStore.documentKey("run-e6", 1));
  }

  @Test
  void aTornCheckpointFailsWithTheReasonAndPromotesNothing() throws Exception {
    writeDataset("eval-ds3", TEST);
    Checkpoint saved = checkpoints.save(checkpoint("run-torn", "eval-ds3", 1), train(6), true);
    String parametersKey = saved.file(Checkpoint.PARAMETERS).key();
    store.put(parametersKey, Arrays.copyOf(store.get(parametersKey), 1000), ObjectStore.BINARY);

    tap.publish(completed("run-torn", "m-torn", 1, 1), "/test");

    EvaluationFailed failed =
        tap.await(EvaluationFailed.class, e -> e.runId().equals("run-torn"), WAIT);
    assertThat(failed.reason())
        .isEqualTo(
            "checkpoint file "
                + parametersKey
                + " has 1000 bytes, runs/run-torn/checkpoints/epoch-0001/checkpoint.json says "
                + saved.file(Checkpoint.PARAMETERS).size());
    assertThat(store.exists(ObjectKeys.currentModel("m-torn"))).isFalse();
    assertThat(tap.events(ModelPromoted.class, "run-torn")).isEmpty();
  }

  @Test
  void aDatasetManifestThatDoesNotReadFailsTheEvaluationRatherThanDeadLetteringIt()
      throws Exception {
    writeDataset("eval-garbled", TEST);
    checkpoints.save(checkpoint("run-garbled", "eval-garbled", 1), train(6), true);
    String manifest = ObjectKeys.datasetManifest("eval-garbled");
    store.put(manifest, "not json".getBytes(StandardCharsets.UTF_8), ObjectStore.BINARY);

    tap.publish(completed("run-garbled", "m-garbled", 1, 1), "/test");

    EvaluationFailed failed =
        tap.await(EvaluationFailed.class, e -> e.runId().equals("run-garbled"), WAIT);
    assertThat(failed.reason())
        .startsWith("evaluation failed: " + manifest + " is not a valid DatasetManifest: ");
    assertThat(store.exists(ObjectKeys.currentModel("m-garbled"))).isFalse();
    // the consumer goes on: the next run is evaluated
    writeDataset("eval-after-garbled", TEST);
    checkpoints.save(checkpoint("run-after-garbled", "eval-after-garbled", 1), train(6), true);
    tap.publish(completed("run-after-garbled", "m-after-garbled", 1, 1), "/test");
    tap.await(EvaluationCompleted.class, e -> e.runId().equals("run-after-garbled"), WAIT);
  }

  /** Ways a checkpoint's parameters can be torn after its document was written. */
  enum Tear {
    TRUNCATED,
    MISSING,
    FLIPPED_BYTE,
    /** its checkpoint.json garbled: JSON, but no checkpoint */
    GARBLED_DOCUMENT
  }

  @ParameterizedTest
  @EnumSource(Tear.class)
  void aTornFinalCheckpointGivesWayToThePreviousWholeOneAndTheEventAndLogSaySo(Tear tear)
      throws Exception {
    String run = "run-tear-" + tear.name().toLowerCase(java.util.Locale.ROOT);
    writeDataset("eval-" + run, TEST);
    Path whole = train(8);
    checkpoints.save(checkpoint(run, "eval-" + run, 1), whole, true);
    Checkpoint torn = checkpoints.save(checkpoint(run, "eval-" + run, 2), train(9), true);
    String reason = tear(torn, tear);

    EvaluationCompleted evaluated;
    try (LogCapture log = LogCapture.of(Evaluator.class.getName())) {
      tap.publish(completed(run, "m-" + run, 2, 2), "/test");
      evaluated = tap.await(EvaluationCompleted.class, e -> e.runId().equals(run), WAIT);
      assertThat(log.lines())
          .contains(
              "WARN run " + run + ": not evaluating a torn checkpoint: " + reason,
              "WARN run "
                  + run
                  + ": evaluating "
                  + CheckpointStore.documentKey(run, 1)
                  + " in place of "
                  + CheckpointStore.documentKey(run, 2));
    }

    assertThat(evaluated.refusedCheckpoints()).containsExactly(reason);
    assertThat(evaluated.checkpointKey()).isEqualTo(CheckpointStore.documentKey(run, 1));
    assertThat(evaluated.epoch()).isEqualTo(1);
    try (Classifier classifier = Classifier.load("alexnet-mini", 10, whole, Device.cpu())) {
      assertThat(evaluated.testAccuracy()).isEqualTo(classifier.score(TEST, 50).accuracy());
    }
    EvaluationReport report = store.getJson(evaluated.reportKey(), EvaluationReport.class);
    assertThat(report.candidateKey()).isEqualTo(CheckpointStore.documentKey(run, 1));
    assertThat(report.evaluations())
        .extracting(EvaluationReport.CheckpointEvaluation::roles)
        .containsExactly(List.of("final", "best"));
  }

  /** Tears a checkpoint's parameters; the reason a reader gives for refusing it. */
  private String tear(Checkpoint checkpoint, Tear tear) throws Exception {
    Checkpoint.StoredFile file = checkpoint.file(Checkpoint.PARAMETERS);
    String document =
        CheckpointStore.documentKey(checkpoint.runId(), checkpoint.epoch(), checkpoint.batch());
    byte[] bytes = store.get(file.key());
    switch (tear) {
      case GARBLED_DOCUMENT -> {
        store.put(document, "null".getBytes(), ObjectStore.JSON);
        return "checkpoint " + document + " is empty";
      }
      case TRUNCATED -> {
        store.put(file.key(), Arrays.copyOf(bytes, bytes.length / 2), ObjectStore.BINARY);
        return "checkpoint file "
            + file.key()
            + " has "
            + bytes.length / 2
            + " bytes, "
            + document
            + " says "
            + file.size();
      }
      case MISSING -> {
        store.delete(file.key());
        return "checkpoint file " + file.key() + " is missing";
      }
      default -> {
        bytes[bytes.length / 2] ^= 1;
        store.put(file.key(), bytes, ObjectStore.BINARY);
        return "checkpoint file "
            + file.key()
            + " has sha256 "
            + java.util.HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes))
            + ", "
            + document
            + " says "
            + file.sha256();
      }
    }
  }

  @Test
  void aClassWithoutTestImagesGetsNoAccuracyRatherThanAWrongOne() throws Exception {
    int[] notNine =
        java.util.stream.IntStream.range(0, TEST.size()).filter(i -> TEST.label(i) != 9).toArray();
    ImageSet withoutNine = TEST.select(notNine);
    writeDataset("eval-ds4", withoutNine);
    checkpoints.save(checkpoint("run-e4", "eval-ds4", 1), train(7), true);

    tap.publish(completed("run-e4", "m-nine", 1, 1), "/test");

    EvaluationCompleted evaluated =
        tap.await(EvaluationCompleted.class, e -> e.runId().equals("run-e4"), WAIT);
    EvaluationReport.CheckpointEvaluation report =
        store.getJson(evaluated.reportKey(), EvaluationReport.class).candidate();
    assertThat(report.examples()).isEqualTo(withoutNine.size());
    EvaluationReport.ClassScores nine = report.classes().get(9);
    assertThat(nine.support()).isZero();
    assertThat(nine.recall()).isNull();
    assertThat(nine.f1()).isNull();
    assertThat(report.classes().subList(0, 9)).allSatisfy(c -> assertThat(c.recall()).isNotNull());
    assertThat(report.confusion().get(9)).containsOnly(0);
  }

  @Test
  void countsOnMetricsTheEventsItReadAndWroteAndItsStoreCalls() throws Exception {
    writeDataset("eval-metrics", TEST);
    checkpoints.save(checkpoint("run-em", "eval-metrics", 1), train(9), true);
    PrometheusText before = scrape();

    tap.publish(new RunFailed("run-em-not-mine", "for the metrics", null), "/test");
    tap.publish(completed("run-em", "m-metrics", 1, 1), "/test");
    tap.await(ModelPromoted.class, e -> e.runId().equals("run-em"), WAIT);

    String processed =
        "stride_events_consumed_total{outcome=\"processed\",topic=\"training.events\","
            + "type=\"dev.stride.training.run-completed.v1\"}";
    String skipped =
        "stride_events_consumed_total{outcome=\"skipped\",topic=\"training.events\","
            + "type=\"dev.stride.training.run-failed.v1\"}";
    String evaluated =
        "stride_events_published_total{topic=\"evaluation.events\","
            + "type=\"dev.stride.evaluation.evaluation-completed.v1\"}";
    String promoted =
        "stride_events_published_total{topic=\"evaluation.events\","
            + "type=\"dev.stride.evaluation.model-promoted.v1\"}";
    String gets = "stride_store_operation_seconds_count{operation=\"get\",outcome=\"success\"}";
    // the record is counted when its handler returns, just after ModelPromoted is out
    Awaitility.await()
        .atMost(WAIT)
        .untilAsserted(
            () -> assertThat(scrape().count(processed)).isEqualTo(before.count(processed) + 1));
    PrometheusText after = scrape();
    assertThat(after.count(skipped)).isEqualTo(before.count(skipped) + 1);
    assertThat(after.count(evaluated)).isEqualTo(before.count(evaluated) + 1);
    assertThat(after.count(promoted)).isEqualTo(before.count(promoted) + 1);
    // the checkpoint document and the test split at least were read
    assertThat(after.count(gets)).isGreaterThanOrEqualTo(before.count(gets) + 2);
    assertThat(after.series("kafka_consumer_fetch_manager_records_lag_max"))
        .anyMatch(series -> series.contains("client_id=\"kafka-consumer-training-events\""));
  }

  private static PrometheusText scrape() {
    return PrometheusText.parse(
        given().get("/q/metrics").then().statusCode(200).extract().asString());
  }

  private void writeDataset(String id, ImageSet test) {
    EvaluationFixtures.writeDataset(
        store, id, TRAIN.slice(0, 200), TRAIN.slice(200, 256), test, 11L);
  }

  /** One short epoch of real training; the parameters file it leaves. */
  private static Path train(long seed) throws IOException {
    return EvaluationFixtures.train(TRAIN.slice(0, 200), TRAIN.slice(200, 256), seed);
  }

  private static Checkpoint checkpoint(String runId, String datasetId, int epoch) {
    return new Checkpoint(
        runId,
        datasetId,
        epoch,
        0,
        "alexnet-mini",
        null,
        SyntheticCifar.CLASS_NAMES,
        "scale",
        null,
        null,
        1.0,
        0.5,
        List.of(),
        OffsetDateTime.now());
  }

  private static RunCompleted completed(
      String runId, String modelName, int finalEpoch, int bestEpoch) {
    return new RunCompleted(
        runId,
        "ignored-the-checkpoint-names-its-dataset",
        "alexnet-mini",
        modelName,
        finalEpoch,
        bestEpoch,
        CheckpointStore.documentKey(runId, finalEpoch),
        CheckpointStore.documentKey(runId, bestEpoch),
        ObjectKeys.runHistory(runId),
        "cpu()",
        1.0,
        false,
        null,
        null);
  }

  private static int argMax(float[] values) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      best = values[i] > values[best] ? i : best;
    }
    return best;
  }
}
