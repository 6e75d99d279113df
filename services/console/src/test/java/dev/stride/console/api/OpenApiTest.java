package dev.stride.console.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.stride.devstack.DevStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

/** The OpenAPI document at /q/openapi describes the control API. */
@QuarkusTest
@QuarkusTestResource(DevStackTestResource.class)
class OpenApiTest {

  @Test
  void describesTheControlApi() {
    JsonPath document =
        given()
            .get("/q/openapi?format=json")
            .then()
            .statusCode(200)
            .body("info.title", equalTo("Stride console"))
            .extract()
            .jsonPath();
    assertThat(document.getMap("paths").keySet())
        .containsExactlyInAnyOrder(
            "/api/v1/runs",
            "/api/v1/runs/{runId}",
            "/api/v1/runs/{runId}/stream",
            "/api/v1/runs/{runId}/cancel",
            "/api/v1/runs/{runId}/promote",
            "/api/v1/sweeps",
            "/api/v1/datasets",
            "/api/v1/architectures",
            "/api/v1/architectures/summary",
            "/api/v1/objects/{key}",
            "/api/v1/predict",
            "/api/v1/session");
  }
}
