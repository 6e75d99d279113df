package dev.stride.evaluator.evaluation;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import ai.djl.Device;
import dev.stride.contracts.ObjectKeys;
import dev.stride.contracts.Topics;
import dev.stride.contracts.events.DatasetSource;
import dev.stride.contracts.events.EvaluationCompleted;
import dev.stride.contracts.events.EvaluationFailed;
import dev.stride.contracts.events.ModelPromoted;
import dev.stride.contracts.events.RunCompleted;
import dev.stride.contracts.events.SplitSpec;
import dev.stride.contracts.events.SyntheticSpec;
import dev.stride.contracts.objects.Checkpoint;
import dev.stride.contracts.objects.EvaluationReport;
import dev.stride.contracts.objects.ModelPointer;
import dev.stride.data.ImageSet;
import dev.stride.data.SyntheticCifar;
import dev.stride.devstack.DevStack;
import dev.stride.devstack.DevStackTestResource;
import dev.stride.devstack.EventTap;
import dev.stride.devstack.InjectDevStack;
import dev.stride.nn.Architectures;
import dev.stride.nn.Classifier;
import dev.stride.nn.LastEpochParameters;
import dev.stride.nn.TrainingJob;
import dev.stride.nn.TrainingLoop;
import dev.stride.storage.CheckpointStore;
import dev.stride.storage.DatasetWriter;
import dev.stride.storage.ObjectStore;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

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
  void scoresTheCheckpointOnTheTestSplitAndPromotesTheFirstRun() throws Exception {
    writeDataset("eval-ds", TEST);
    Path parameters = train();
    checkpoints.save(checkpoint("run-e1", "eval-ds"), parameters, true);

    tap.publish(completed("run-e1", "m-first"), "/test");

    EvaluationCompleted evaluated =
        tap.await(EvaluationCompleted.class, e -> e.runId().equals("run-e1"), WAIT);
    ModelPromoted promoted = tap.await(ModelPromoted.class, e -> e.runId().equals("run-e1"), WAIT);
    Classifier.Scores expected;
    try (Classifier classifier = Classifier.load("alexnet-mini", 10, parameters, Device.cpu())) {
      expected = classifier.score(TEST, 50);
    }
    assertThat(evaluated.examples()).isEqualTo(100);
    assertThat(evaluated.testAccuracy()).isEqualTo(expected.accuracy());
    assertThat(evaluated.testLoss())
        .isCloseTo(expected.loss(), org.assertj.core.data.Offset.offset(1e-5));
    EvaluationReport report = store.getJson(evaluated.reportKey(), EvaluationReport.class);
    assertThat(report.confusion().stream().flatMap(List::stream).mapToInt(Integer::intValue).sum())
        .isEqualTo(100);
    int diagonal = 0;
    for (int k = 0; k < 10; k++) {
      diagonal += report.confusion().get(k).get(k);
    }
    assertThat(diagonal / 100.0).isEqualTo(expected.accuracy());
    assertThat(promoted.modelName()).isEqualTo("m-first");
    assertThat(promoted.previousRunId()).isNull();
    ModelPointer pointer = store.getJson(ObjectKeys.currentModel("m-first"), ModelPointer.class);
    assertThat(pointer.runId()).isEqualTo("run-e1");
    assertThat(pointer.checkpointKey()).isEqualTo(CheckpointStore.documentKey("run-e1", 1));
    given()
        .get("/api/v1/runs/run-e1/evaluation")
        .then()
        .statusCode(200)
        .body("examples", equalTo(100))
        .body("runId", equalTo("run-e1"));
  }

  @Test
  void aRedeliveredRunCompletedIsNotScoredTwice() throws Exception {
    writeDataset("eval-ds2", TEST);
    checkpoints.save(checkpoint("run-e2", "eval-ds2"), train(), true);
    RunCompleted completed = completed("run-e2", "m-twice");
    tap.publish(completed, "/test");
    tap.await(ModelPromoted.class, e -> e.runId().equals("run-e2"), WAIT);
    OffsetDateTime firstReport =
        store.getJson(ObjectKeys.evaluationReport("run-e2"), EvaluationReport.class).createdAt();

    tap.publish(completed, "/test");

    Awaitility.await()
        .atMost(WAIT)
        .untilAsserted(
            () -> assertThat(tap.events(EvaluationCompleted.class, "run-e2")).hasSize(2));
    assertThat(
            store
                .getJson(ObjectKeys.evaluationReport("run-e2"), EvaluationReport.class)
                .createdAt())
        .isEqualTo(firstReport);
    List<EvaluationCompleted> both = tap.events(EvaluationCompleted.class, "run-e2");
    assertThat(both.get(1)).isEqualTo(both.get(0));
  }

  @Test
  void aTornCheckpointFailsWithTheReasonAndPromotesNothing() throws Exception {
    writeDataset("eval-ds3", TEST);
    Checkpoint saved = checkpoints.save(checkpoint("run-torn", "eval-ds3"), train(), true);
    String parametersKey = saved.file(Checkpoint.PARAMETERS).key();
    store.put(parametersKey, Arrays.copyOf(store.get(parametersKey), 1000), ObjectStore.BINARY);

    tap.publish(completed("run-torn", "m-torn"), "/test");

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
  void aClassWithoutTestImagesGetsNoAccuracyRatherThanAWrongOne() throws Exception {
    int[] notNine =
        java.util.stream.IntStream.range(0, TEST.size()).filter(i -> TEST.label(i) != 9).toArray();
    ImageSet withoutNine = TEST.select(notNine);
    writeDataset("eval-ds4", withoutNine);
    checkpoints.save(checkpoint("run-e4", "eval-ds4"), train(), true);

    tap.publish(completed("run-e4", "m-nine"), "/test");

    EvaluationCompleted evaluated =
        tap.await(EvaluationCompleted.class, e -> e.runId().equals("run-e4"), WAIT);
    EvaluationReport report = store.getJson(evaluated.reportKey(), EvaluationReport.class);
    assertThat(report.examples()).isEqualTo(withoutNine.size());
    assertThat(report.classAccuracy().get(9)).isNull();
    assertThat(report.classAccuracy().subList(0, 9)).doesNotContainNull();
    assertThat(report.confusion().get(9)).containsOnly(0);
  }

  private void writeDataset(String id, ImageSet test) {
    new DatasetWriter(store, 1000)
        .write(
            id,
            new DatasetWriter.Contents(
                "synthetic",
                TRAIN.slice(0, 200),
                TRAIN.slice(200, 256),
                test,
                SyntheticCifar.CLASS_NAMES,
                null,
                DatasetSource.ofSynthetic(new SyntheticSpec(200, 56, test.size(), 11L)),
                SplitSpec.notebook(),
                "sha256:test"),
            0);
  }

  /** One short epoch of real training; the parameters file it leaves. */
  private static Path train() throws IOException {
    Path file = Files.createTempFile("stride-eval-test", ".params");
    TrainingLoop.run(
        TrainingJob.builder()
            .setBlock(Architectures.alexnetMini(10))
            .setTrainSet(TRAIN.slice(0, 200))
            .setValidationSet(TRAIN.slice(200, 256))
            .optEpochs(1)
            .optBatchSize(32)
            .optObserver(new LastEpochParameters(file))
            .build());
    return file;
  }

  private static Checkpoint checkpoint(String runId, String datasetId) {
    return new Checkpoint(
        runId,
        datasetId,
        1,
        "alexnet-mini",
        SyntheticCifar.CLASS_NAMES,
        "scale",
        1.0,
        0.5,
        List.of(),
        OffsetDateTime.now());
  }

  private static RunCompleted completed(String runId, String modelName) {
    return new RunCompleted(
        runId,
        "ignored-the-checkpoint-names-its-dataset",
        "alexnet-mini",
        modelName,
        1,
        1,
        CheckpointStore.documentKey(runId, 1),
        CheckpointStore.documentKey(runId, 1),
        ObjectKeys.runHistory(runId),
        "cpu()",
        1.0);
  }
}
