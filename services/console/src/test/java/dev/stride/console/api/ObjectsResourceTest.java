package dev.stride.console.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.stride.devstack.DevStackTestResource;
import dev.stride.storage.ObjectStore;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The UI's window on the object store: run and dataset pictures and documents, nothing else. */
@QuarkusTest
@QuarkusTestResource(DevStackTestResource.class)
class ObjectsResourceTest {

  @Inject ObjectStore store;

  @Test
  void servesRunAndDatasetPicturesAndDocumentsAsStored() throws Exception {
    byte[] png = png();
    store.put("runs/run-obj/evaluation/confusion.png", png, ObjectStore.PNG);
    byte[] svg = "<svg xmlns=\"http://www.w3.org/2000/svg\"/>".getBytes(StandardCharsets.UTF_8);
    store.put("runs/run-obj/model/diagram.svg", svg, "image/svg+xml");
    store.putJson("datasets/ds-obj/manifest.json", java.util.Map.of("id", "ds-obj"));

    byte[] served =
        given()
            .get("/api/v1/objects/runs/run-obj/evaluation/confusion.png")
            .then()
            .statusCode(200)
            .contentType("image/png")
            .header("X-Content-Type-Options", "nosniff")
            .extract()
            .asByteArray();
    assertThat(served).isEqualTo(png);
    given()
        .get("/api/v1/objects/runs/run-obj/model/diagram.svg")
        .then()
        .statusCode(200)
        .contentType("image/svg+xml")
        .header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
    given()
        .get("/api/v1/objects/datasets/ds-obj/manifest.json")
        .then()
        .statusCode(200)
        .contentType("application/json")
        .body("id", equalTo("ds-obj"));
  }

  @Test
  void refusesKeysOutsideRunsAndDatasets() {
    store.putJson("models/m-obj/current.json", java.util.Map.of("runId", "secret"));
    store.put("datasets/ds-obj/train/shard-00000.bin", new byte[] {1, 2, 3}, ObjectStore.BINARY);

    given()
        .get("/api/v1/objects/models/m-obj/current.json")
        .then()
        .statusCode(403)
        .body(
            "error",
            equalTo(
                "only objects under runs/ and datasets/ are served: models/m-obj/current.json"));
    // dot segments, even encoded, are resolved before the key is checked
    given()
        .urlEncodingEnabled(false)
        .get("/api/v1/objects/runs/x/%2E%2E/%2E%2E/models/m-obj/current.json")
        .then()
        .statusCode(403)
        .body(
            "error",
            equalTo(
                "only objects under runs/ and datasets/ are served: models/m-obj/current.json"));
    given()
        .get("/api/v1/objects/datasets/ds-obj/train/shard-00000.bin")
        .then()
        .statusCode(403)
        .body(
            "error",
            equalTo(
                "only PNG, SVG, JSON and text objects are served:"
                    + " datasets/ds-obj/train/shard-00000.bin"));
    given()
        .get("/api/v1/objects/runs/run-none/evaluation/confusion.png")
        .then()
        .statusCode(404)
        .body("error", equalTo("no object at runs/run-none/evaluation/confusion.png"));
  }

  @Test
  void aKeyWithANulOrALineBreakIsA400NamingItNotTheStoresAnswer() {
    given()
        .urlEncodingEnabled(false)
        .get("/api/v1/objects/runs/a%00b/evaluation/confusion.png")
        .then()
        .statusCode(400)
        .body(
            "error",
            equalTo(
                "an object key has no control characters:"
                    + " runs/a\\u0000b/evaluation/confusion.png"));
    given()
        .urlEncodingEnabled(false)
        .get("/api/v1/objects/datasets/a%0Ab/manifest.json")
        .then()
        .statusCode(400)
        .body(
            "error",
            equalTo("an object key has no control characters: datasets/a\\nb/manifest.json"));
  }

  private static byte[] png() throws Exception {
    BufferedImage image = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
    image.setRGB(1, 2, 0xff0000);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }
}
