package dev.stride.predictor.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import ai.djl.Device;
import dev.stride.contracts.ObjectKeys;
import dev.stride.contracts.events.ModelPromoted;
import dev.stride.contracts.objects.Checkpoint;
import dev.stride.contracts.objects.ModelPointer;
import dev.stride.data.ImageSet;
import dev.stride.data.Images;
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
import dev.stride.storage.ObjectStore;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The predictor from no model, through a promotion, to answers and refusals, then a swap. */
@QuarkusTest
@QuarkusTestResource(DevStackTestResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PredictResourceTest {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final ImageSet TRAIN = SyntheticCifar.generate(256, 21);
  private static final ImageSet TEST = SyntheticCifar.generate(8, 22);

  @InjectDevStack DevStack stack;
  @Inject ObjectStore store;
  @Inject CheckpointStore checkpoints;

  @Test
  @Order(1)
  void withoutAModelItIsNotReadyAndSaysWhy() {
    given().get("/q/health/ready").then().statusCode(503);
    given()
        .contentType("image/png")
        .body(Images.toPng(TEST.image(0), 1))
        .post("/api/v1/predict")
        .then()
        .statusCode(503)
        .body("error", equalTo("no model is served yet for 'cifar10'; promote a run first"));
  }

  @Test
  @Order(2)
  void servesAPromotedRunAndAnswersWithItsProbabilities() throws Exception {
    Path parameters = train(1);
    promote("run-p1", parameters);

    Awaitility.await()
        .atMost(WAIT)
        .untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
    float[] expected;
    try (Classifier classifier = Classifier.load("alexnet-mini", 10, parameters, Device.cpu())) {
      expected = classifier.probabilities(TEST.image(3), 1)[0];
    }
    Response response =
        given()
            .contentType("image/png")
            .body(Images.toPng(TEST.image(3), 1))
            .post("/api/v1/predict");

    response
        .then()
        .statusCode(200)
        .body("model", equalTo("cifar10"))
        .body("runId", equalTo("run-p1"));
    Map<String, Float> probabilities = response.path("predictions[0].probabilities");
    assertThat(probabilities.keySet()).containsExactlyElementsOf(SyntheticCifar.CLASS_NAMES);
    for (int k = 0; k < 10; k++) {
      assertThat(probabilities.get(SyntheticCifar.CLASS_NAMES.get(k)).doubleValue())
          .isCloseTo(expected[k], org.assertj.core.data.Offset.offset(1e-6));
    }
    int best = 0;
    for (int k = 1; k < 10; k++) {
      best = expected[k] > expected[best] ? k : best;
    }
    assertThat((String) response.path("predictions[0].label"))
        .isEqualTo(SyntheticCifar.CLASS_NAMES.get(best));
    assertThat((List<?>) response.path("predictions[0].top")).hasSize(3);
  }

  @Test
  @Order(3)
  void refusesWhatIsNotAPicture() {
    given()
        .contentType("image/png")
        .body("this is not a png".getBytes())
        .post("/api/v1/predict")
        .then()
        .statusCode(415)
        .body("error", equalTo("not a PNG, JPEG, GIF or BMP picture"));
    given()
        .contentType("image/png")
        .body(new byte[0])
        .post("/api/v1/predict")
        .then()
        .statusCode(400)
        .body("error", equalTo("the body is empty; send a PNG, JPEG, GIF or BMP picture"));
    given().contentType("text/plain").body("hello").post("/api/v1/predict").then().statusCode(415);
  }

  @Test
  @Order(4)
  void refusesAHugeCanvasFromItsHeader() throws Exception {
    given()
        .contentType("image/png")
        .body(declaring(Images.toPng(TEST.image(0), 1), 50_000, 50_000))
        .post("/api/v1/predict")
        .then()
        .statusCode(413)
        .body("error", equalTo("picture of 50000×50000 exceeds the limit of 16777216 pixels"));
  }

  @Test
  @Order(5)
  void swapsToANewlyPromotedRun() throws Exception {
    promote("run-p2", train(2));

    Awaitility.await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                given()
                    .contentType("image/png")
                    .body(Images.toPng(TEST.image(0), 1))
                    .post("/api/v1/predict")
                    .then()
                    .statusCode(200)
                    .body("runId", equalTo("run-p2")));
    given().get("/api/v1/models").then().statusCode(200).body("[0].runId", equalTo("run-p2"));
  }

  private void promote(String runId, Path parameters) {
    Checkpoint saved =
        checkpoints.save(
            new Checkpoint(
                runId,
                "ds",
                1,
                0,
                "alexnet-mini",
                null,
                SyntheticCifar.CLASS_NAMES,
                "scale",
                null,
                null,
                1,
                0.5,
                List.of(),
                OffsetDateTime.now()),
            parameters,
            true);
    String key = CheckpointStore.documentKey(runId, saved.epoch());
    store.putJson(
        ObjectKeys.currentModel("cifar10"),
        new ModelPointer(
            "cifar10", runId, key, "alexnet-mini", 0.5, null, "manual", OffsetDateTime.now()));
    try (EventTap tap = EventTap.open(stack.kafka().bootstrapServers(), List.of())) {
      tap.publish(new ModelPromoted(runId, "cifar10", key, 0.5, null), "/test");
    }
  }

  private static Path train(long seed) throws IOException {
    Path file = Files.createTempFile("stride-predictor-test", ".params");
    TrainingLoop.run(
        TrainingJob.builder()
            .setBlock(Architectures.alexnetMini(10))
            .setTrainSet(TRAIN.slice(0, 200))
            .setValidationSet(TRAIN.slice(200, 256))
            .optEpochs(1)
            .optBatchSize(50)
            .optSeed(seed)
            .optObserver(new LastEpochParameters(file))
            .build());
    return file;
  }

  /** A real PNG whose header is changed to declare width×height (its CRC fixed to match). */
  private static byte[] declaring(byte[] png, int width, int height) {
    byte[] bomb = png.clone();
    ByteBuffer buffer = ByteBuffer.wrap(bomb);
    buffer.putInt(16, width).putInt(20, height);
    CRC32 crc = new CRC32();
    crc.update(bomb, 12, 17); // "IHDR" and its 13 data bytes
    buffer.putInt(29, (int) crc.getValue());
    return bomb;
  }
}
