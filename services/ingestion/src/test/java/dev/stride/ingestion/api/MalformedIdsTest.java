package dev.stride.ingestion.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.stride.devstack.DevStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** A dataset id in a path that no dataset can have is the caller's 400, never the store's 503. */
@QuarkusTest
@QuarkusTestResource(DevStackTestResource.class)
class MalformedIdsTest {

  private static final String RULE =
      "datasetId must be 1-128 letters, digits, '.', '_' or '-', starting with a letter or digit: ";

  @Test
  void aNulInTheIdIsA400NamingIt() {
    given()
        .urlEncodingEnabled(false)
        .get("/api/v1/datasets/a%00b")
        .then()
        .statusCode(400)
        .body("error", equalTo(RULE + "'a\u0000b'"));
    given()
        .urlEncodingEnabled(false)
        .get("/api/v1/datasets/a%00b/samples")
        .then()
        .statusCode(400)
        .body("error", equalTo(RULE + "'a\u0000b'"));
  }

  @Test
  void aLeadingDotOrALineBreakIsA400Too() {
    given()
        .urlEncodingEnabled(false)
        .get("/api/v1/datasets/.hidden")
        .then()
        .statusCode(400)
        .body("error", equalTo(RULE + "'.hidden'"));
    given()
        .urlEncodingEnabled(false)
        .get("/api/v1/datasets/a%0Ab")
        .then()
        .statusCode(400)
        .body("error", equalTo(RULE + "'a\nb'"));
  }
}
