package dev.stride.predictor.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stride.data.SyntheticCifar;
import dev.stride.data.image.BadPictures;
import dev.stride.data.image.BadPictures.BadPicture;
import dev.stride.data.image.Images;
import dev.stride.data.image.ImagesTest;
import dev.stride.devstack.DevStack;
import dev.stride.devstack.DevStackTestResource;
import dev.stride.devstack.InjectDevStack;
import dev.stride.storage.CheckpointStore;
import dev.stride.storage.ObjectStore;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.SequenceInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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

/** Bad uploads: damaged pictures, bodies over the limit, and what they leave on disk. */
@QuarkusTest
@TestProfile(BadUploadsTest.OwnModel.class)
@QuarkusTestResource(DevStackTestResource.class)
class BadUploadsTest {

  private static final String MODEL = "bad-uploads-model";

  /** A model name of its own, so the model it serves is no other test's business. */
  public static class OwnModel implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("predictor.model-name", MODEL);
    }
  }

  private Set<Path> uploadsBefore;

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final byte[] GOOD = Images.toPng(SyntheticCifar.generate(1, 51).image(0), 1);
  private static boolean promoted;

  @InjectDevStack DevStack stack;
  @Inject ObjectStore store;
  @Inject CheckpointStore checkpoints;

  @BeforeEach
  void serveAModel() throws Exception {
    uploadsBefore = uploads();
    if (!promoted) {
      Path parameters = TestModels.train(SyntheticCifar.generate(256, 52), 9);
      TestModels.promote(stack, store, checkpoints, MODEL, "run-bad-uploads", parameters);
      promoted = true;
    }
    Awaitility.await()
        .atMost(WAIT)
        .untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
  }

  @Test
  void everyDamagedPictureIsAnsweredOrRefusedWith4xxNever5xx() {
    List<BadPicture> corpus = BadPictures.corpus(20261128L);
    Map<Integer, Integer> statuses = new TreeMap<>();
    for (BadPicture picture : corpus) {
      Response response =
          given().contentType("image/png").body(picture.bytes()).post("/api/v1/predict");
      int status = response.statusCode();
      statuses.merge(status, 1, Integer::sum);
      if (status == 200) {
        assertThat(picture.beyondRepair()).as(picture.name()).isFalse();
        assertThat((List<?>) response.path("predictions")).as(picture.name()).hasSize(1);
      } else {
        assertThat(status).as(picture.name()).isBetween(400, 499);
        assertThat(response.<String>path("error")).as(picture.name()).isNotBlank();
      }
    }
    System.out.printf("damaged pictures: %d, answers by status: %s%n", corpus.size(), statuses);
    assertThat(statuses.keySet()).allMatch(status -> status == 200 || status / 100 == 4);
    given()
        .contentType("image/png")
        .body(GOOD)
        .post("/api/v1/predict")
        .then()
        .statusCode(200)
        .body("runId", org.hamcrest.Matchers.equalTo("run-bad-uploads"));
  }

  @Test
  void aMultipartUploadLeavesNoTemporaryFile() throws IOException {
    given()
        .multiPart("a", "a.png", GOOD, "image/png")
        .multiPart("b", "b.png", GOOD, "image/png")
        .post("/api/v1/predict")
        .then()
        .statusCode(200);
    given()
        .multiPart("a", "a.png", GOOD, "image/png")
        .multiPart("bad", "bad.png", "not a picture".getBytes(), "image/png")
        .post("/api/v1/predict")
        .then()
        .statusCode(415);
    assertNoUploadsLeft();
  }

  @Test
  void aMultipartBodyOverTheLimitIs413AndLeavesNoTemporaryFile() throws Exception {
    // 17 MB of parts against the 16 MB limit, sent chunked so the server cannot refuse it from a
    // Content-Length: it must stop while spooling the parts
    String boundary = "stride-boundary";
    byte[] head =
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"a\"; filename=\"a.png\"\r\n"
                + "Content-Type: image/png\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(RestAssured.baseURI + ":" + RestAssured.port + "/api/v1/predict"))
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(
                HttpRequest.BodyPublishers.ofInputStream(
                    () ->
                        new SequenceInputStream(
                            java.util.Collections.enumeration(
                                List.of(
                                    new ByteArrayInputStream(head),
                                    new ByteArrayInputStream(new byte[17 * 1024 * 1024]),
                                    new ByteArrayInputStream(tail))))))
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
    given().contentType("image/png").body(GOOD).post("/api/v1/predict").then().statusCode(200);
  }

  @Test
  void aPictureOverThePixelCapIs413FromItsHeaderNamingItsSizeAndTheCap() throws Exception {
    // header-only pictures: decoding one would fail (415), so a 413 shows nothing was decoded
    tooLarge(
        given().contentType("image/png").body(ImagesTest.pngHeaderOnly(4096, 4096)),
        "picture of 4096×4096 exceeds the limit of 4194304 pixels");
    tooLarge(
        given()
            .multiPart("a", "a.png", GOOD, "image/png")
            .multiPart("big", "big.png", ImagesTest.pngHeaderOnly(2049, 2048), "image/png"),
        "part 'big.png': picture of 2049×2048 exceeds the limit of 4194304 pixels");
  }

  @Test
  void picturesOverThePixelCapOfARequestTogetherAre413BeforeAnyIsDecoded() throws Exception {
    // five 2048×2048 pictures: each at the per-picture cap, 20,971,520 pixels together
    byte[] largest = ImagesTest.pngHeaderOnly(2048, 2048);
    var request = given();
    for (int i = 0; i < 5; i++) {
      request = request.multiPart("p" + i, "p" + i + ".png", largest, "image/png");
    }
    tooLarge(
        request,
        "the pictures of this request declare 20971520 pixels together; at most 16777216"
            + " are accepted (predictor.max-pixels-per-request)");
    assertNoUploadsLeft();
    given().contentType("image/png").body(GOOD).post("/api/v1/predict").then().statusCode(200);
  }

  @Test
  void aTopThatIsNoNumberIs400NamingIt() {
    for (String top : List.of("abc", "1.5", "99999999999")) {
      given()
          .contentType("image/png")
          .body(GOOD)
          .queryParam("top", top)
          .post("/api/v1/predict")
          .then()
          .statusCode(400)
          .body(
              "error",
              org.hamcrest.Matchers.equalTo("top must be a whole number, got '" + top + "'"));
    }
    given()
        .multiPart("a", "a.png", GOOD, "image/png")
        .queryParam("top", "abc")
        .post("/api/v1/predict")
        .then()
        .statusCode(400);
    given()
        .contentType("image/png")
        .body(GOOD)
        .queryParam("top", "2")
        .post("/api/v1/predict")
        .then()
        .statusCode(200)
        .body("predictions[0].top.size()", org.hamcrest.Matchers.equalTo(2));
  }

  @Test
  void aV2RequestWithBytesAfterItsJsonIs400() {
    // issue 21: trailing bytes after the JSON were accepted (StrictJson, the REST mapper's
    // settings)
    String zeros = String.join(",", java.util.Collections.nCopies(32 * 32 * 3, "0"));
    String request =
        "{\"inputs\":[{\"name\":\"input\",\"datatype\":\"UINT8\",\"shape\":[1,32,32,3],"
            + "\"data\":["
            + zeros
            + "]}]}";
    String infer = "/v2/models/" + MODEL + "/infer";
    given().contentType("application/json").body(request).post(infer).then().statusCode(200);
    given()
        .contentType("application/json")
        .body(request + " {}")
        .post(infer)
        .then()
        .statusCode(400)
        .body(
            "error",
            org.hamcrest.Matchers.startsWith("the body is not valid JSON: Trailing token"));
  }

  private static void tooLarge(
      io.restassured.specification.RequestSpecification request, String error) {
    request
        .post("/api/v1/predict")
        .then()
        .statusCode(413)
        .body("error", org.hamcrest.Matchers.equalTo(error));
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
