package dev.stride.evaluator.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.stride.auth.ApiKeys;
import dev.stride.devstack.DevStackTestResource;
import dev.stride.evaluator.registry.EvaluatedRuns;
import dev.stride.storage.ObjectStore;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The evaluator with API keys on: promote and rollback need role control; reads stay open. */
@QuarkusTest
@TestProfile(GuardedRegistryTest.Guarded.class)
@QuarkusTestResource(DevStackTestResource.class)
class GuardedRegistryTest {

  private static final String CONTROL_KEY = "control-key";
  private static final String PREDICT_KEY = "predict-key";

  public static class Guarded implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "evaluator.auth.enabled",
          "true",
          // the console's list as it is: the predict key given by its digest
          "evaluator.auth.api-keys",
          CONTROL_KEY + ":control,sha256:" + ApiKeys.sha256(PREDICT_KEY) + ":predict");
    }
  }

  @Inject ObjectStore store;

  @Test
  void promoteAndRollbackWithoutAKeyOrWithAnUnknownOneAre401AndChangeNothing() {
    for (String action : List.of("promote", "rollback")) {
      change("m-guarded", action, null)
          .statusCode(401)
          .header("WWW-Authenticate", "Bearer")
          .body("error", containsString("an API key is required"));
      change("m-guarded", action, "not-a-key")
          .statusCode(401)
          .body("error", equalTo("the API key is not recognised"));
    }
    given().get("/api/v1/models/m-guarded").then().statusCode(404);
  }

  @Test
  void aKeyWithoutTheControlRoleIs403() {
    for (String action : List.of("promote", "rollback")) {
      change("m-guarded-403", action, PREDICT_KEY)
          .statusCode(403)
          .body("error", equalTo("this API key lacks the 'control' role"));
    }
  }

  @Test
  void aControlKeyPromotesAndRollsBackAndReadsNeedNoKey() {
    for (String runId : List.of("guarded-a", "guarded-b")) {
      EvaluatedRuns.write(store, runId, "m-guarded-ok");
      given()
          .header("Authorization", "Bearer " + CONTROL_KEY)
          .contentType("application/json")
          .body("{\"runId\":\"" + runId + "\"}")
          .post("/api/v1/models/m-guarded-ok/promote")
          .then()
          .statusCode(200)
          .body("runId", equalTo(runId));
    }
    given()
        .header("X-API-Key", CONTROL_KEY)
        .post("/api/v1/models/m-guarded-ok/rollback")
        .then()
        .statusCode(200)
        .body("runId", equalTo("guarded-a"));
    given().get("/api/v1/models/m-guarded-ok").then().statusCode(200);
    given().get("/api/v1/models/m-guarded-ok/history").then().statusCode(200);
    given().get("/api/v1/runs/guarded-a/evaluation").then().statusCode(200);
  }

  /** A promotion or rollback of {@code modelName}, with {@code key} as X-API-Key if not null. */
  private static ValidatableResponse change(String modelName, String action, String key) {
    RequestSpecification request =
        given().contentType("application/json").body("{\"runId\":\"guarded-a\"}");
    if (key != null) {
      request.header("X-API-Key", key);
    }
    return request.post("/api/v1/models/" + modelName + "/" + action).then();
  }
}
