package dev.stride.console.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
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
  void refusesAParameterCountThatWouldOverflowNamingTheLayer() {
    // issue 21: answered 200 with totalParams −4611685975477714948
    summary(
            "{\"architectureSpec\": {\"layers\": [{\"type\": \"conv\", \"filters\": 2147483647,"
                + " \"kernel\": 2147483647, \"padding\": \"same\"}, {\"type\": \"flatten\"},"
                + " {\"type\": \"dense\", \"units\": \"classes\"}]}}")
        .statusCode(400)
        .body("field", equalTo("architectureSpec"))
        .body("error", startsWith("layer 1 conv: "))
        .body("error", containsString("2^63"));
  }

  @Test
  void refusesAModelOverTheParameterAndActivationCapsNamingThem() {
    // dense: (32·32·3 + 1)·100,000 ≈ 307 M parameters, over the default 100 M
    summary(
            "{\"architectureSpec\": {\"layers\": [{\"type\": \"flatten\"},"
                + " {\"type\": \"dense\", \"units\": 100000},"
                + " {\"type\": \"dense\", \"units\": \"classes\"}]}}")
        .statusCode(400)
        .body("error", startsWith("layer 2 dense: the model has 308300010 parameters"))
        .body("error", containsString("at most 100000000 are allowed"));
    // one 32×32×4096 output: 16 MiB a picture, 2 GiB at a batch of 128, 16 GiB at 1024
    String wide =
        "{\"type\": \"conv\", \"filters\": 4096, \"kernel\": 1}, {\"type\": \"globalavgpool\"},"
            + " {\"type\": \"dense\", \"units\": \"classes\"}";
    summary("{\"batchSize\": 128, \"architectureSpec\": {\"layers\": [" + wide + "]}}")
        .statusCode(200);
    summary("{\"batchSize\": 1024, \"architectureSpec\": {\"layers\": [" + wide + "]}}")
        .statusCode(400)
        .body("error", startsWith("layer 1 conv: the activations of a batch of 1024 take"))
        .body("error", containsString("at most 8589934592 are allowed"));
    summary("{\"batchSize\": \"abc\", \"architecture\": \"alexnet-mini\"}")
        .statusCode(400)
        .body("field", equalTo("batchSize"));
  }

  private static io.restassured.response.ValidatableResponse summary(String body) {
    return given()
        .contentType("application/json")
        .body(body)
        .post("/api/v1/architectures/summary")
        .then();
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
