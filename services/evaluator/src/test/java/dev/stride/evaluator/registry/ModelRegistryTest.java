package dev.stride.evaluator.registry;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.stride.contracts.ObjectKeys;
import dev.stride.contracts.objects.EvaluationReport;
import dev.stride.devstack.DevStackTestResource;
import dev.stride.storage.ObjectStore;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The registry over REST against the real object store: rollbacks walk back through history, and
 * names and run ids that are no ids are refused with a 400 naming the field.
 */
@QuarkusTest
@QuarkusTestResource(DevStackTestResource.class)
class ModelRegistryTest {

  @Inject ObjectStore store;

  @Test
  void twoRollbacksAfterThreePromotionsServeTheFirstAndAThirdIsRefused() {
    promote("m-walk", "walk-a", "walk-b", "walk-c");

    rollback("m-walk", "").statusCode(200).body("runId", equalTo("walk-b"));
    rollback("m-walk", "").statusCode(200).body("runId", equalTo("walk-a"));
    rollback("m-walk", "")
        .statusCode(409)
        .body(
            "error",
            equalTo("m-walk has no earlier entry to roll back to: run walk-a is the oldest"));

    given().get("/api/v1/models/m-walk").then().body("runId", equalTo("walk-a"));
    given()
        .get("/api/v1/models/m-walk/history")
        .then()
        .body("entries.runId", contains("walk-a", "walk-b", "walk-c", "walk-b", "walk-a"))
        .body("entries.reason", contains("manual", "manual", "manual", "rollback", "rollback"));
  }

  @Test
  void aRollbackToARunUndoesEveryPromotionAfterIt() {
    promote("m-to", "to-a", "to-b", "to-c");

    rollback("m-to", "?to=to-a")
        .statusCode(200)
        .body("runId", equalTo("to-a"))
        .body("previousRunId", equalTo("to-c"));
    rollback("m-to", "").statusCode(409);
    // to-c was rolled back from: it is no earlier entry, so only promoting serves it again
    rollback("m-to", "?to=to-c").statusCode(409);

    // a promotion after a rollback stacks on what is served, and rolls back to it
    promote("m-to", "to-c");
    rollback("m-to", "").statusCode(200).body("runId", equalTo("to-a"));
  }

  @Test
  void aRollbackToARunNotBeforeTheCurrentOneIsRefusedAndChangesNothing() {
    promote("m-none", "none-a", "none-b");
    rollback("m-none", "?to=none-b")
        .statusCode(409)
        .body("error", containsString("(those are none-a)"));
    rollback("m-none", "?to=..").statusCode(400).body("field", equalTo("to"));
    given().get("/api/v1/models/m-none").then().body("runId", equalTo("none-b"));
  }

  @Test
  void namesAndRunIdsThatAreNoIdsAre400NamingTheFieldAndCreateNothing() {
    given()
        .contentType("application/json")
        .body("{\"runId\":\"walk-a\"}")
        .post("/api/v1/models/a<b>/promote")
        .then()
        .statusCode(400)
        .body("field", equalTo("modelName"))
        .body("error", containsString("'a<b>'"));
    assertThat(store.findJson(ObjectKeys.modelHistory("a<b>"), Map.class)).isEmpty();

    for (String runId : List.of("a\\u0000b", "..", "../x")) {
      given()
          .contentType("application/json")
          .body("{\"runId\":\"" + runId + "\"}")
          .post("/api/v1/models/m-bad/promote")
          .then()
          .statusCode(400)
          .body("field", equalTo("runId"));
    }
    given()
        .contentType("application/json")
        .body("{}")
        .post("/api/v1/models/m-bad/promote")
        .then()
        .statusCode(400)
        .body("error", equalTo("runId is required"));
    given()
        .urlEncodingEnabled(false)
        .contentType("application/json")
        .body("{\"runId\":\"walk-a\"}")
        .post("/api/v1/models/..%2Fx/promote")
        .then()
        .statusCode(400)
        .body("field", equalTo("modelName"));
    given()
        .urlEncodingEnabled(false)
        .post("/api/v1/models/a%00b/rollback")
        .then()
        .statusCode(400)
        .body("field", equalTo("modelName"));
    given()
        .urlEncodingEnabled(false)
        .get("/api/v1/runs/..%2Fmodels/evaluation")
        .then()
        .statusCode(400)
        .body("field", equalTo("runId"));
    given().get("/api/v1/models/.hidden/history").then().statusCode(400);
  }

  /** Promotes each run's best checkpoint by hand, after writing an evaluation report for it. */
  private void promote(String modelName, String... runIds) {
    for (String runId : runIds) {
      if (store.findJson(ObjectKeys.evaluationReport(runId), EvaluationReport.class).isEmpty()) {
        EvaluatedRuns.write(store, runId, modelName);
      }
      given()
          .contentType("application/json")
          .body("{\"runId\":\"" + runId + "\"}")
          .post("/api/v1/models/" + modelName + "/promote")
          .then()
          .statusCode(200)
          .body("runId", equalTo(runId));
    }
  }

  private static io.restassured.response.ValidatableResponse rollback(
      String modelName, String query) {
    return given().post("/api/v1/models/" + modelName + "/rollback" + query).then();
  }
}
