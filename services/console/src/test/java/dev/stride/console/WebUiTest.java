package dev.stride.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stride.devstack.DevStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The static UI: every page is served with the ids browser tests rely on, and loads nothing remote.
 */
@QuarkusTest
@QuarkusTestResource(DevStackTestResource.class)
class WebUiTest {

  static final Map<String, List<String>> PAGES =
      Map.of(
          "/", List.of("runs-table", "compare-button"),
          "/run.html",
              List.of(
                  "progress-bar",
                  "eta",
                  "curve-loss",
                  "curve-accuracy",
                  "pictures",
                  "promote-button"),
          "/compare.html", List.of("curve-loss", "curve-accuracy", "compare-table"),
          "/datasets.html", List.of("datasets-table", "ingest-form", "ingest-synthetic"),
          "/explorer.html",
              List.of(
                  "filters",
                  "kernel",
                  "stride",
                  "padding-same",
                  "conv-output-shape",
                  "conv-formula"),
          "/submit.html",
              List.of(
                  "submit-form",
                  "architecture",
                  "layer-spec",
                  "param-count",
                  "spec-summary",
                  "batchSize",
                  "submit-result",
                  "sweep-grid",
                  "sweep-button"),
          "/predict.html", List.of("predict-file", "predict-button", "predict-result"));

  static final List<String> ASSETS =
      List.of(
          "/app.css",
          "/js/common.js",
          "/js/runs.js",
          "/js/run.js",
          "/js/compare.js",
          "/js/datasets.js",
          "/js/explorer.js",
          "/js/submit.js",
          "/js/predict.js",
          "/js/ingest.js");

  // any absolute URL but the SVG namespace name, which is an identifier and never fetched
  static final Pattern REMOTE =
      Pattern.compile("(https?:)?//(?!www\\.w3\\.org/2000/svg)[a-z0-9.-]+\\.[a-z]{2,}");

  @Test
  void everyPageHasItsStableIds() {
    PAGES.forEach(
        (page, ids) -> {
          String html =
              given()
                  .get(page)
                  .then()
                  .statusCode(200)
                  .contentType("text/html")
                  .extract()
                  .asString();
          for (String id : ids) {
            assertThat(html).as(page).contains("id=\"" + id + "\"");
          }
        });
  }

  @Test
  void picturesAndDatasetRequestsGoToTheirServicesAndAnAbsentOneIsNamed() {
    // in tests the predictor and ingestion URLs point at a closed port
    given()
        .contentType("image/png")
        .body(new byte[] {1, 2, 3})
        .post("/api/v1/predict")
        .then()
        .statusCode(502)
        .body("error", org.hamcrest.Matchers.startsWith("cannot reach 127.0.0.1:1: "));
    given()
        .contentType("application/json")
        .body("{\"datasetId\":\"d\"}")
        .post("/api/v1/datasets")
        .then()
        .statusCode(502)
        .body("error", org.hamcrest.Matchers.startsWith("cannot reach 127.0.0.1:1: "));
  }

  @Test
  void nothingIsLoadedFromTheInternet() {
    for (String path : ASSETS) {
      String text = given().get(path).then().statusCode(200).extract().asString();
      assertThat(REMOTE.matcher(text).find()).as(path).isFalse();
    }
    for (String page : PAGES.keySet()) {
      String html = given().get(page).then().statusCode(200).extract().asString();
      assertThat(REMOTE.matcher(html).find()).as(page).isFalse();
    }
  }
}
