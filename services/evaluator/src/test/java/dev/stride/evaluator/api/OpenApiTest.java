package dev.stride.evaluator.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.stride.devstack.DevStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

/** The OpenAPI document at /q/openapi describes the evaluations and the model registry. */
@QuarkusTest
@QuarkusTestResource(DevStackTestResource.class)
class OpenApiTest {

  @Test
  void describesTheEvaluationsAndTheRegistry() {
    JsonPath document =
        given()
            .get("/q/openapi?format=json")
            .then()
            .statusCode(200)
            .body("info.title", equalTo("Stride evaluator"))
            .extract()
            .jsonPath();
    assertThat(document.getMap("paths").keySet())
        .containsExactlyInAnyOrder(
            "/api/v1/runs/{runId}/evaluation",
            "/api/v1/models/{name}",
            "/api/v1/models/{name}/history",
            "/api/v1/models/{name}/promote",
            "/api/v1/models/{name}/rollback");
  }
}
