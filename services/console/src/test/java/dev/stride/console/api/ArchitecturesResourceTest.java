package dev.stride.console.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.stride.devstack.DevStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The submit page's spec checks: presets, summaries and parameter counts, refusals that say why.
 */
@QuarkusTest
@QuarkusTestResource(DevStackTestResource.class)
class ArchitecturesResourceTest {

  @Test
  void listsThePresetsWithTheirSpecs() {
    List<String> names =
        given().get("/api/v1/architectures").then().statusCode(200).extract().path("name");
    assertThat(names).containsExactly("alexnet-mini", "alexnet-mini-bn", "all-conv", "resnet-20");
    String spec =
        given().get("/api/v1/architectures").path("find { it.name == 'alexnet-mini' }.spec");
    assertThat(spec).contains("\"name\": \"alexnet-mini\"");
  }

  @Test
  void summarisesAPresetAndAnEditedSpecAsKerasWould() {
    given()
        .contentType("application/json")
        .body(Map.of("architecture", "alexnet-mini"))
        .post("/api/v1/architectures/summary")
        .then()
        .statusCode(200)
        .body("totalParams", equalTo(2_023_370))
        .body("trainableParams", equalTo(2_023_370))
        .body("nonTrainableParams", equalTo(0))
        .body("text", org.hamcrest.Matchers.containsString("Total params: 2,023,370"));
    String spec = given().get("/api/v1/architectures").path("find { it.name == 'resnet-20' }.spec");
    given()
        .contentType("application/json")
        .body("{\"architectureSpec\": " + spec + "}")
        .post("/api/v1/architectures/summary")
        .then()
        .statusCode(200)
        .body("totalParams", equalTo(274_442))
        .body("trainableParams", equalTo(273_066));
  }

  @Test
  void refusesAnUnknownLayerOrPresetNamingIt() {
    given()
        .contentType("application/json")
        .body("{\"architectureSpec\": {\"layers\": [{\"type\": \"frobnicate\"}]}}")
        .post("/api/v1/architectures/summary")
        .then()
        .statusCode(400)
        .body("field", equalTo("architectureSpec"))
        .body("error", org.hamcrest.Matchers.containsString("frobnicate"));
    given()
        .contentType("application/json")
        .body(Map.of("architecture", "vgg-99"))
        .post("/api/v1/architectures/summary")
        .then()
        .statusCode(400)
        .body("field", equalTo("architecture"))
        .body("error", startsWith("unknown architecture 'vgg-99'"));
  }

  @Test
  void promotingNeedsACompletedRun() {
    given()
        .post("/api/v1/runs/no-such-run/promote")
        .then()
        .statusCode(404)
        .body("error", equalTo("no run no-such-run"));
  }

  /** With keys off (the default here), the pages show no sign-in: the session says so. */
  @Test
  void withKeysOffTheSessionSaysNoKeyIsNeeded() {
    given()
        .get("/api/v1/session")
        .then()
        .statusCode(200)
        .body("authEnabled", equalTo(false))
        .body("signedIn", equalTo(false));
  }
}
