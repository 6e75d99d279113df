package dev.stride.predictor.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import ai.djl.Device;
import dev.stride.data.ImageSet;
import dev.stride.data.SyntheticCifar;
import dev.stride.data.image.Images;
import dev.stride.devstack.DevStack;
import dev.stride.devstack.DevStackTestResource;
import dev.stride.devstack.InjectDevStack;
import dev.stride.nn.Classifier;
import dev.stride.storage.CheckpointStore;
import dev.stride.storage.ObjectStore;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
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

  private static Path runP1;

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
    runP1 = parameters;
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
        .body("error", equalTo("picture of 50000×50000 exceeds the limit of 4194304 pixels"));
  }

  @Test
  @Order(4)
  void refusesABodyOverTheLimit() throws Exception {
    // a client announcing its body (Expect: 100-continue) hears 413 before sending it
    java.net.http.HttpResponse<String> response =
        java.net.http.HttpClient.newBuilder()
            .version(java.net.http.HttpClient.Version.HTTP_1_1)
            .build()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(
                            io.restassured.RestAssured.baseURI
                                + ":"
                                + io.restassured.RestAssured.port
                                + "/api/v1/predict"))
                    .expectContinue(true)
                    .header("Content-Type", "image/png")
                    .POST(
                        java.net.http.HttpRequest.BodyPublishers.ofByteArray(
                            new byte[17 * 1024 * 1024]))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(413);
    // and carries on
    given().get("/q/health/live").then().statusCode(200);
  }

  @Test
  @Order(5)
  void answersTheOpenInferenceProtocol() throws Exception {
    given()
        .get("/v2")
        .then()
        .statusCode(200)
        .body("name", equalTo("stride-predictor"))
        .body("version", equalTo("2"));
    given().get("/v2/health/live").then().statusCode(200).body("live", equalTo(true));
    given().get("/v2/health/ready").then().statusCode(200).body("ready", equalTo(true));
    given().get("/v2/models/cifar10/ready").then().statusCode(200);
    given().get("/v2/models/cifar10/versions/run-p1/ready").then().statusCode(200);
    given()
        .get("/v2/models/cifar10")
        .then()
        .statusCode(200)
        .body("name", equalTo("cifar10"))
        .body("versions", equalTo(List.of("run-p1")))
        .body("inputs[0].name", equalTo("input"))
        .body("inputs[0].datatype", equalTo("UINT8"))
        .body("inputs[0].shape", equalTo(List.of(-1, 32, 32, 3)))
        .body("outputs[0].shape", equalTo(List.of(-1, 10)))
        .body("parameters.class_names", equalTo(SyntheticCifar.CLASS_NAMES))
        // where predictor.device (auto) put the model: the CPU here, as DJL prints it
        .body("parameters.device", equalTo("cpu()"));

    float[][] expected = expectedProbabilities(1, 2);
    // UINT8, nested as the notebook's arrays [N][32][32][3]
    Response uint8 =
        given()
            .contentType("application/json")
            .body(Map.of("id", "req-7", "inputs", List.of(tensor("UINT8", nested(1, 2), 2))))
            .post("/v2/models/cifar10/infer");
    uint8
        .then()
        .statusCode(200)
        .body("model_name", equalTo("cifar10"))
        .body("model_version", equalTo("run-p1"))
        .body("id", equalTo("req-7"))
        .body("outputs[0].name", equalTo("probabilities"))
        .body("outputs[0].datatype", equalTo("FP32"))
        .body("outputs[0].shape", equalTo(List.of(2, 10)));
    assertProbabilities(uint8.path("outputs[0].data"), expected);

    // FP32, flat, through the version path
    Response fp32 =
        given()
            .contentType("application/json")
            .body(Map.of("inputs", List.of(tensor("FP32", flat(1, 2), 2))))
            .post("/v2/models/cifar10/versions/run-p1/infer");
    fp32.then().statusCode(200).body("model_version", equalTo("run-p1"));
    assertThat((Object) fp32.path("id")).isNull();
    assertProbabilities(fp32.path("outputs[0].data"), expected);
  }

  @Test
  @Order(6)
  void refusesMalformedTensorsAndUnknownModels() {
    inferError(Map.of("inputs", List.of(tensor("UINT8", List.of(), 0))), 400)
        .body(
            "error",
            equalTo(
                "input 'input' has shape [0, 32, 32, 3]; expected [N,32,32,3] (NHWC) with N ≥ 1"));
    Map<String, Object> shortTensor = tensor("UINT8", List.of(1, 2, 3), 1);
    inferError(Map.of("inputs", List.of(shortTensor)), 400)
        .body("error", equalTo("input 'input' has 3 values; its shape [1, 32, 32, 3] needs 3072"));
    Map<String, Object> wrongShape =
        Map.of(
            "name", "input", "datatype", "UINT8", "shape", List.of(1, 3, 32, 32), "data", flat(1));
    inferError(Map.of("inputs", List.of(wrongShape)), 400)
        .body(
            "error",
            equalTo(
                "input 'input' has shape [1, 3, 32, 32]; expected [N,32,32,3] (NHWC) with N ≥ 1"));
    inferError(Map.of("inputs", List.of(tensor("INT64", flat(1), 1))), 400)
        .body("error", equalTo("input 'input' has datatype 'INT64'; use UINT8 or FP32"));
    Map<String, Object> fractionalShape =
        Map.of(
            "name",
            "input",
            "datatype",
            "UINT8",
            "shape",
            List.of(1, 32.9, 32, 3),
            "data",
            flat(1));
    inferError(Map.of("inputs", List.of(fractionalShape)), 400)
        .body(
            "error",
            equalTo("input 'input' has shape entry 1 = 32.9; shape entries are whole numbers"))
        .body("field", equalTo("inputs[0].shape[1]"));
    List<Object> bad = flat(1);
    bad.set(5, 300);
    inferError(Map.of("inputs", List.of(tensor("UINT8", bad, 1))), 400)
        .body(
            "error", equalTo("input 'input' value 5 is 300; pixel values are on the 0–255 scale"));
    bad.set(5, "red");
    inferError(Map.of("inputs", List.of(tensor("UINT8", bad, 1))), 400)
        .body("error", equalTo("input 'input' value 5 is not a number: \"red\""));
    inferError(Map.of("inputs", List.of()), 400)
        .body(
            "error",
            equalTo("\"inputs\" must be an array of exactly one tensor, shape [N,32,32,3]"));
    given()
        .contentType("application/json")
        .body("{\"inputs\": [")
        .post("/v2/models/cifar10/infer")
        .then()
        .statusCode(400)
        .body("error", org.hamcrest.Matchers.startsWith("the body is not valid JSON: "));
    given()
        .contentType("application/json")
        .body(Map.of("inputs", List.of(tensor("UINT8", flat(1), 1))))
        .post("/v2/models/mnist/infer")
        .then()
        .statusCode(404)
        .body(
            "error", equalTo("model 'mnist' is not served here; this predictor serves 'cifar10'"));
    given()
        .get("/v2/models/cifar10/versions/run-x")
        .then()
        .statusCode(404)
        .body(
            "error",
            equalTo(
                "version 'run-x' of model 'cifar10' is not served; the served version is 'run-p1'"));
    given()
        .contentType("application/json")
        .body(Map.of("inputs", List.of(tensor("UINT8", flat(0, 1, 2, 3, 4, 5, 6, 7), 8))))
        .post("/v2/models/cifar10/infer")
        .then()
        .statusCode(200);
  }

  @Test
  @Order(7)
  void classifiesSeveralPicturesSentAsMultipartParts() throws Exception {
    float[][] expected = expectedProbabilities(4, 5, 6);
    Response response =
        given()
            .multiPart("a", "cat.png", Images.toPng(TEST.image(4), 1), "image/png")
            .multiPart("b", "dog.png", Images.toPng(TEST.image(5), 3), "image/png")
            .multiPart("c", "ship.png", Images.toPng(TEST.image(6), 1), "image/png")
            .queryParam("top", 5)
            .post("/api/v1/predict");

    response.then().statusCode(200).body("runId", equalTo("run-p1"));
    assertThat((List<String>) response.path("predictions.image"))
        .containsExactly("cat.png", "dog.png", "ship.png");
    assertThat((List<?>) response.path("predictions[0].top")).hasSize(5);
    for (int i : new int[] {0, 2}) {
      Map<String, Float> probabilities = response.path("predictions[" + i + "].probabilities");
      for (int k = 0; k < 10; k++) {
        assertThat(probabilities.get(SyntheticCifar.CLASS_NAMES.get(k)).doubleValue())
            .isCloseTo(expected[i][k], org.assertj.core.data.Offset.offset(1e-5));
      }
    }

    given()
        .multiPart("a", "cat.png", Images.toPng(TEST.image(4), 1), "image/png")
        .multiPart("notes", "notes.txt", "hello".getBytes(), "text/plain")
        .post("/api/v1/predict")
        .then()
        .statusCode(415)
        .body("error", equalTo("part 'notes.txt': not a PNG, JPEG, GIF or BMP picture"));
    given()
        .contentType("image/png")
        .body(Images.toPng(TEST.image(0), 1))
        .queryParam("top", 0)
        .post("/api/v1/predict")
        .then()
        .statusCode(400)
        .body("error", equalTo("top must be at least 1, got 0"));
  }

  @Test
  @Order(8)
  void publishesOpenApiAndPrometheusMetrics() {
    given()
        .get("/q/openapi?format=json")
        .then()
        .statusCode(200)
        .body("info.title", equalTo("Stride predictor"))
        .body("paths", org.hamcrest.Matchers.hasKey("/v2/models/{name}/infer"))
        .body("paths", org.hamcrest.Matchers.hasKey("/api/v1/predict"));
    given().get("/q/swagger-ui/").then().statusCode(200);
    String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
    assertThat(metrics)
        .contains(
            "stride_predictor_model{architecture=\"alexnet-mini\",model=\"cifar10\",version=\"run-p1\"} 1.0")
        .contains("stride_predictor_batch_size_pictures_count")
        .contains("stride_predictor_queue_pictures 0.0")
        .containsPattern(
            "http_server_requests_seconds_bucket\\{.*uri=\"/v2/models/\\{name\\}/infer\".*le=");
    // every picture classified so far went through one batch or another: 1 + 2 + 2 + 8 + 3
    assertThat(metrics).contains("stride_predictor_batch_size_pictures_sum 16.0");
    // one promotion so far (run-p1), read from evaluation.events and loaded from the store
    assertThat(metrics)
        .contains(
            "stride_events_consumed_total{outcome=\"processed\",topic=\"evaluation.events\","
                + "type=\"dev.stride.evaluation.model-promoted.v1\"} 1.0")
        .containsPattern(
            "stride_store_operation_seconds_count\\{operation=\"download\",outcome=\"success\"\\}"
                + " [1-9]")
        .containsPattern(
            "kafka_consumer_fetch_manager_records_lag_max\\{.*"
                + "client_id=\"kafka-consumer-evaluation-events\".*\\} ");
  }

  @Test
  @Order(9)
  void swapsToANewlyPromotedRunWithoutAFailedRequest() throws Exception {
    List<Integer> statuses = new java.util.concurrent.CopyOnWriteArrayList<>();
    List<String> answeredBy = new java.util.concurrent.CopyOnWriteArrayList<>();
    byte[] picture = Images.toPng(TEST.image(0), 1);
    Thread client =
        new Thread(
            () -> {
              long until = System.nanoTime() + WAIT.toNanos();
              while (System.nanoTime() < until
                  && (answeredBy.isEmpty()
                      || !answeredBy.get(answeredBy.size() - 1).equals("run-p2"))) {
                Response r = given().contentType("image/png").body(picture).post("/api/v1/predict");
                statuses.add(r.statusCode());
                if (r.statusCode() == 200) {
                  answeredBy.add(r.path("runId"));
                }
              }
            });
    client.start();
    promote("run-p2", train(2));
    client.join(WAIT.toMillis() * 2);

    assertThat(statuses).isNotEmpty().containsOnly(200);
    assertThat(answeredBy).startsWith("run-p1").endsWith("run-p2");
    given().get("/api/v1/models").then().statusCode(200).body("[0].runId", equalTo("run-p2"));
    given().get("/api/v1/models").then().statusCode(200).body("[0].version", equalTo("run-p2"));
    given().get("/api/v1/models").then().statusCode(200).body("[0].device", equalTo("cpu()"));
  }

  private io.restassured.response.ValidatableResponse inferError(
      Map<String, Object> request, int status) {
    return given()
        .contentType("application/json")
        .body(request)
        .post("/v2/models/cifar10/infer")
        .then()
        .statusCode(status);
  }

  /** The served run-p1 model's probabilities, computed in-process. */
  private static float[][] expectedProbabilities(int... images) throws IOException {
    float[][] expected = new float[images.length][];
    try (Classifier classifier = Classifier.load("alexnet-mini", 10, runP1, Device.cpu())) {
      for (int i = 0; i < images.length; i++) {
        expected[i] = classifier.probabilities(TEST.image(images[i]), 1)[0];
      }
    }
    return expected;
  }

  private static void assertProbabilities(List<Float> data, float[][] expected) {
    assertThat(data).hasSize(expected.length * 10);
    for (int i = 0; i < expected.length; i++) {
      for (int k = 0; k < 10; k++) {
        assertThat(data.get(i * 10 + k).doubleValue())
            .isCloseTo(expected[i][k], org.assertj.core.data.Offset.offset(1e-5));
      }
    }
  }

  private static Map<String, Object> tensor(String datatype, List<?> data, int n) {
    return Map.of(
        "name", "input", "datatype", datatype, "shape", List.of(n, 32, 32, 3), "data", data);
  }

  /** Test pictures as NHWC values, flat. */
  private static List<Object> flat(int... images) {
    List<Object> values = new java.util.ArrayList<>();
    for (int i : images) {
      byte[] chw = TEST.image(i);
      for (int y = 0; y < 32; y++) {
        for (int x = 0; x < 32; x++) {
          for (int c = 0; c < 3; c++) {
            values.add(chw[c * 1024 + y * 32 + x] & 0xff);
          }
        }
      }
    }
    return values;
  }

  /** Test pictures as NHWC values, nested [N][32][32][3]. */
  private static List<Object> nested(int... images) {
    List<Object> pictures = new java.util.ArrayList<>();
    for (int i : images) {
      byte[] chw = TEST.image(i);
      List<Object> rows = new java.util.ArrayList<>();
      for (int y = 0; y < 32; y++) {
        List<Object> row = new java.util.ArrayList<>();
        for (int x = 0; x < 32; x++) {
          row.add(
              List.of(
                  chw[y * 32 + x] & 0xff,
                  chw[1024 + y * 32 + x] & 0xff,
                  chw[2048 + y * 32 + x] & 0xff));
        }
        rows.add(row);
      }
      pictures.add(rows);
    }
    return pictures;
  }

  private void promote(String runId, Path parameters) {
    TestModels.promote(stack, store, checkpoints, runId, parameters);
  }

  private static Path train(long seed) throws IOException {
    return TestModels.train(TRAIN, seed);
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
