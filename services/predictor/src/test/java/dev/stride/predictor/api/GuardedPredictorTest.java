package dev.stride.predictor.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.stride.auth.ApiKeys;
import dev.stride.data.ImageSet;
import dev.stride.data.SyntheticCifar;
import dev.stride.data.image.Images;
import dev.stride.devstack.DevStack;
import dev.stride.devstack.DevStackTestResource;
import dev.stride.devstack.InjectDevStack;
import dev.stride.storage.CheckpointStore;
import dev.stride.storage.ObjectStore;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The predictor with API keys on, and batching set so that overload can be produced on purpose: a
 * batch runs only when 4 pictures are waiting (the delay is ten minutes), and 4 may wait.
 */
@QuarkusTest
@TestProfile(GuardedPredictorTest.Guarded.class)
@QuarkusTestResource(DevStackTestResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GuardedPredictorTest {

  private static final String PREDICT_KEY = "predict-key";
  private static final String READ_KEY = "read-key";
  private static final ImageSet PICTURES = SyntheticCifar.generate(256, 31);

  public static class Guarded implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "predictor.auth.enabled", "true",
          // the read key is given by its SHA-256 digest, as a secret should be
          "predictor.auth.api-keys",
              PREDICT_KEY + ":predict,sha256:" + ApiKeys.sha256(READ_KEY) + ":read",
          "predictor.batching.max-batch-size", "4",
          "predictor.batching.max-delay", "PT10M",
          "predictor.batching.max-queued", "4",
          "predictor.max-images-per-request", "4",
          "predictor.batching.timeout", "PT5S");
    }
  }

  @InjectDevStack DevStack stack;
  @Inject ObjectStore store;
  @Inject CheckpointStore checkpoints;

  @Test
  @Order(1)
  void withoutAKeyOrWithAWrongOneItIs401() {
    given()
        .get("/api/v1/models")
        .then()
        .statusCode(401)
        .header("WWW-Authenticate", "Bearer")
        .body(
            "error",
            equalTo(
                "an API key is required: send 'Authorization: Bearer <key>' or 'X-API-Key: <key>'"));
    given()
        .contentType("application/json")
        .body("{}")
        .post("/v2/models/cifar10/infer")
        .then()
        .statusCode(401);
    given()
        .header("Authorization", "Bearer guess")
        .get("/v2/models/cifar10")
        .then()
        .statusCode(401)
        .body("error", equalTo("the API key is not recognised"));
    // probes, metrics and the API description stay open
    given().get("/q/health/live").then().statusCode(200);
    given().get("/v2/health/live").then().statusCode(200);
    given().get("/q/metrics").then().statusCode(200);
    given().get("/q/openapi").then().statusCode(200);
  }

  @Test
  @Order(2)
  void aKeyWithoutTheRoleIs403AndTheRightKeyPasses() throws Exception {
    given().header("X-API-Key", READ_KEY).get("/api/v1/models").then().statusCode(200);
    given()
        .header("X-API-Key", READ_KEY)
        .contentType("image/png")
        .body(Images.toPng(PICTURES.image(0), 1))
        .post("/api/v1/predict")
        .then()
        .statusCode(403)
        .body("error", equalTo("this API key lacks the 'predict' role"));
    // past the gate: no model yet
    given()
        .header("Authorization", "Bearer " + PREDICT_KEY)
        .contentType("image/png")
        .body(Images.toPng(PICTURES.image(0), 1))
        .post("/api/v1/predict")
        .then()
        .statusCode(503)
        .body("error", equalTo("no model is served yet for 'cifar10'; promote a run first"));
  }

  @Test
  @Order(3)
  void overloadIsRefusedAtOnceAndWaitingRequestsShareABatch() throws Exception {
    TestModels.promote(stack, store, checkpoints, "run-g1", TestModels.train(PICTURES, 3));
    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));

    // three pictures wait for a fourth (the batch is 4, the delay ten minutes)
    CompletableFuture<Response> three =
        CompletableFuture.supplyAsync(() -> pictures(3).post("/api/v1/predict"));
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                given()
                    .get("/q/metrics")
                    .asString()
                    .contains("stride_predictor_queue_pictures 3.0"));

    // two more do not fit: refused at once with 429, while the three queued pictures still wait for
    // their batch (so the refusal waited neither for a batch nor for the service's timeout)
    pictures(2)
        .post("/api/v1/predict")
        .then()
        .statusCode(429)
        .header("Retry-After", "1")
        .body(
            "error",
            equalTo(
                "overloaded: 3 of 4 picture slots are taken and this request needs 2; retry shortly"));
    assertThat(three).as("the queued request, still waiting for its batch").isNotDone();

    // one more fills the batch: both requests are answered by the same forward pass
    Response one = pictures(1).post("/api/v1/predict");
    one.then().statusCode(200).body("runId", equalTo("run-g1"));
    Response answered = three.get(30, TimeUnit.SECONDS);
    answered.then().statusCode(200);
    assertThat(answered.jsonPath().getList("predictions")).hasSize(3);
    String metrics = given().get("/q/metrics").asString();
    assertThat(metrics)
        .contains("stride_predictor_batch_size_pictures_count 1.0")
        .contains("stride_predictor_batch_size_pictures_sum 4.0")
        .contains("stride_predictor_batch_size_pictures_max 4.0");
  }

  @Test
  @Order(4)
  void aRequestNotAnsweredInTimeGets503() {
    pictures(1)
        .post("/api/v1/predict")
        .then()
        .statusCode(503)
        .header("Retry-After", "1")
        .body("error", equalTo("no answer within 5000 ms; retry shortly"));
  }

  private static RequestSpecification pictures(int count) {
    RequestSpecification request = given().header("X-API-Key", PREDICT_KEY);
    for (int i = 0; i < count; i++) {
      request =
          request.multiPart(
              "p" + i, "p" + i + ".png", Images.toPng(PICTURES.image(i), 1), "image/png");
    }
    return request;
  }
}
