package dev.stride.ingestion.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.stride.data.archive.TestArchive;
import dev.stride.data.image.BadPictures;
import dev.stride.data.image.BadPictures.BadPicture;
import dev.stride.data.image.ImagesTest;
import dev.stride.devstack.DevStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Uploads, good and bad, leave no temporary file; damaged pictures in a folder are 4xx. */
@QuarkusTest
@QuarkusTestResource(DevStackTestResource.class)
class UploadsTest {

  private Set<Path> uploadsBefore;

  @TempDir Path dir;

  @BeforeEach
  void noteTheUploadsLeftBefore() throws IOException {
    uploadsBefore = uploads();
  }

  @Test
  void goodUploadsAsBodyOrFormLeaveNoTemporaryFile() throws Exception {
    byte[] zip = Files.readAllBytes(folder(new TestArchive(), 1).zip(dir));
    given()
        .contentType("application/zip")
        .queryParam("datasetId", "uploads-body")
        .body(zip)
        .post("/api/v1/datasets")
        .then()
        .statusCode(202);
    given()
        .multiPart("file", "pets.zip", zip, "application/zip")
        .multiPart("datasetId", "uploads-form")
        .post("/api/v1/datasets")
        .then()
        .statusCode(202)
        .body("datasetId", equalTo("uploads-form"));
    assertNoUploadsLeft();
  }

  @Test
  void refusedUploadsLeaveNoTemporaryFile() throws Exception {
    given()
        .contentType("application/zip")
        .body("just some text".getBytes())
        .post("/api/v1/datasets")
        .then()
        .statusCode(415);
    given()
        .multiPart("file", "notes.txt", "just some text".getBytes(), "text/plain")
        .post("/api/v1/datasets")
        .then()
        .statusCode(415);
    // 9 MB against the test profile's 8 MB limit, chunked: refused while it is being spooled
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(RestAssured.baseURI + ":" + RestAssured.port + "/api/v1/datasets"))
            .header("Content-Type", "application/gzip")
            .POST(
                HttpRequest.BodyPublishers.ofInputStream(
                    () -> new ByteArrayInputStream(new byte[9 << 20])))
            .build();
    int status;
    try {
      status =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .build()
              .send(request, HttpResponse.BodyHandlers.ofString())
              .statusCode();
    } catch (IOException closedWhileSending) {
      // the server may close the connection as it answers 413, before the client has read it
      status = 413;
    }
    assertThat(status).isEqualTo(413);
    assertNoUploadsLeft();
  }

  @Test
  void anImageFolderWithAHugeCanvasOrADamagedPictureIsRefused() throws Exception {
    byte[] huge =
        Files.readAllBytes(
            folder(new TestArchive(), 2)
                .file("pets/train/cats/huge.png", ImagesTest.pngHeaderOnly(50_000, 50_000))
                .zip(dir));
    given()
        .contentType("application/zip")
        .body(huge)
        .post("/api/v1/datasets")
        .then()
        .statusCode(413)
        .body(
            "error",
            equalTo(
                "pets/train/cats/huge.png: picture of 50000×50000 exceeds the limit of 16777216 pixels"));

    Map<Integer, Integer> statuses = new TreeMap<>();
    List<BadPicture> beyondRepair =
        BadPictures.corpus(20261128L).stream().filter(BadPicture::beyondRepair).toList();
    int n = 0;
    for (BadPicture picture : beyondRepair) {
      Path zip =
          folder(new TestArchive(), 3)
              .file("pets/train/dogs/bad-" + n++ + ".png", picture.bytes())
              .zip(dir);
      int status =
          given()
              .contentType("application/zip")
              .body(Files.readAllBytes(zip))
              .post("/api/v1/datasets")
              .then()
              .extract()
              .statusCode();
      statuses.merge(status, 1, Integer::sum);
      assertThat(status).as(picture.name()).isBetween(400, 499);
    }
    System.out.printf(
        "image folders with a damaged picture: %d, answers by status: %s%n",
        beyondRepair.size(), statuses);
    given()
        .contentType("application/zip")
        .queryParam("datasetId", "uploads-after-bad")
        .body(Files.readAllBytes(folder(new TestArchive(), 4).zip(dir)))
        .post("/api/v1/datasets")
        .then()
        .statusCode(202);
    assertNoUploadsLeft();
  }

  /** Two classes of three good pictures each, in the image-folder layout. */
  private static TestArchive folder(TestArchive archive, long seed) {
    for (String cls : List.of("cats", "dogs")) {
      for (int i = 0; i < 3; i++) {
        archive.file(
            "pets/train/" + cls + "/" + i + ".png", BadPictures.good("png", seed * 100 + i));
      }
    }
    return archive;
  }

  /** The files in the uploads directory now (a crashed earlier run may have left some). */
  private static Set<Path> uploads() throws IOException {
    Path uploads =
        Path.of(
            ConfigProvider.getConfig()
                .getValue("quarkus.http.body.uploads-directory", String.class));
    if (!Files.exists(uploads)) {
      return Set.of();
    }
    try (Stream<Path> files = Files.list(uploads)) {
      return files.collect(Collectors.toSet());
    }
  }

  private void assertNoUploadsLeft() {
    // the files are removed as the request ends, which may be just after the answer is sent
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(uploads()).isSubsetOf(uploadsBefore));
  }
}
