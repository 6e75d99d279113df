package dev.stride.console.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.stride.auth.ApiKeys;
import dev.stride.devstack.DevStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The console with API keys on: actions need a key with their role; reads and pages stay open. */
@QuarkusTest
@TestProfile(GuardedConsoleTest.Guarded.class)
@QuarkusTestResource(DevStackTestResource.class)
class GuardedConsoleTest {

  private static final String CONTROL_KEY = "control-key";
  private static final String PREDICT_KEY = "predict-key";

  /** Every action of the control API, with a body it would accept. */
  private static final List<String[]> ACTIONS =
      List.of(
          new String[] {"/api/v1/runs", "{\"runId\": \"run-guarded-0\", \"datasetId\": \"d\"}"},
          new String[] {"/api/v1/runs/run-guarded-0/cancel", "{}"},
          new String[] {"/api/v1/runs/run-guarded-0/promote", "{}"},
          new String[] {"/api/v1/sweeps", "{}"},
          new String[] {"/api/v1/datasets", "{\"datasetId\": \"ds-guarded\"}"},
          new String[] {"/api/v1/predict", "{}"});

  public static class Guarded implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "console.auth.enabled",
          "true",
          // the predict key is given by its SHA-256 digest, as a secret should be
          "console.auth.api-keys",
          CONTROL_KEY + ":control,sha256:" + ApiKeys.sha256(PREDICT_KEY) + ":predict");
    }
  }

  @Test
  void everyActionWithoutAKeyOrWithAWrongOneIs401() {
    for (String[] action : ACTIONS) {
      given()
          .contentType("application/json")
          .body(action[1])
          .post(action[0])
          .then()
          .statusCode(401)
          .header("WWW-Authenticate", "Bearer")
          .body(
              "error",
              equalTo(
                  "an API key is required: send 'Authorization: Bearer <key>' or 'X-API-Key: <key>'"));
      given()
          .header("X-API-Key", "not-a-key")
          .contentType("application/json")
          .body(action[1])
          .post(action[0])
          .then()
          .statusCode(401)
          .body("error", equalTo("the API key is not recognised"));
    }
  }

  @Test
  void aKeyWithoutTheRoleIs403() {
    for (String[] action : ACTIONS) {
      boolean predict = action[0].equals("/api/v1/predict");
      given()
          .header("Authorization", "Bearer " + (predict ? CONTROL_KEY : PREDICT_KEY))
          .contentType("application/json")
          .body(action[1])
          .post(action[0])
          .then()
          .statusCode(403)
          .body(
              "error",
              equalTo("this API key lacks the '" + (predict ? "predict" : "control") + "' role"));
    }
  }

  @Test
  void aKeyWithTheRoleActs() {
    given()
        .header("Authorization", "Bearer " + CONTROL_KEY)
        .contentType("application/json")
        .body("{\"runId\": \"run-guarded-1\", \"datasetId\": \"d\"}")
        .post("/api/v1/runs")
        .then()
        .statusCode(202)
        .body("runId", equalTo("run-guarded-1"));
    // past the key check, the picture goes on to the predictor, which the test profile sets to an
    // address where nothing listens
    given()
        .header("X-API-Key", PREDICT_KEY)
        .contentType("image/png")
        .body(new byte[] {1, 2, 3})
        .post("/api/v1/predict")
        .then()
        .statusCode(502);
  }

  @Test
  void readsPagesAndHealthStayOpen() {
    given().get("/api/v1/runs").then().statusCode(200);
    given().get("/api/v1/datasets").then().statusCode(200);
    given().get("/index.html").then().statusCode(200);
    given().get("/q/health/live").then().statusCode(200);
    given()
        .contentType("application/json")
        .body(Map.of("architecture", "alexnet-mini"))
        .post("/api/v1/architectures/summary")
        .then()
        .statusCode(200)
        .body("totalParams", equalTo(2_023_370));
  }

  /** What the pages ask before they keep a key, and to show who is signed in. */
  @Test
  void theSessionSaysWhetherKeysAreOnAndTheRolesOfTheKeySent() {
    given()
        .get("/api/v1/session")
        .then()
        .statusCode(200)
        .body("authEnabled", equalTo(true))
        .body("signedIn", equalTo(false))
        .body("roles", equalTo(List.of()));
    given()
        .header("X-API-Key", CONTROL_KEY)
        .get("/api/v1/session")
        .then()
        .statusCode(200)
        .body("signedIn", equalTo(true))
        .body("roles", equalTo(List.of("control")));
    given()
        .header("Authorization", "Bearer " + PREDICT_KEY)
        .get("/api/v1/session")
        .then()
        .statusCode(200)
        .body("roles", equalTo(List.of("predict")));
    given()
        .header("X-API-Key", "not-a-key")
        .get("/api/v1/session")
        .then()
        .statusCode(401)
        .body("error", equalTo("the API key is not recognised"));
  }
}
