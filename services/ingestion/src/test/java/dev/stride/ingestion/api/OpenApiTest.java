package dev.stride.ingestion.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.stride.devstack.DevStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

/** The OpenAPI document at /q/openapi describes the dataset API. */
@QuarkusTest
@QuarkusTestResource(DevStackTestResource.class)
class OpenApiTest {

  @Test
  void describesTheDatasetApi() {
    JsonPath document =
        given()
            .get("/q/openapi?format=json")
            .then()
            .statusCode(200)
            .body("info.title", equalTo("Stride ingestion"))
            .extract()
            .jsonPath();
    assertThat(document.getMap("paths").keySet())
        .containsExactlyInAnyOrder(
            "/api/v1/datasets", "/api/v1/datasets/{id}", "/api/v1/datasets/{id}/samples");
  }
}
