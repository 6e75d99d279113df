package dev.stride.ingestion.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.sun.net.httpserver.HttpServer;
import dev.stride.contracts.ObjectKeys;
import dev.stride.contracts.Topics;
import dev.stride.contracts.events.DatasetFailed;
import dev.stride.contracts.events.DatasetIngested;
import dev.stride.contracts.objects.DatasetManifest;
import dev.stride.data.CifarArchive;
import dev.stride.data.CifarBinary;
import dev.stride.data.ImageSet;
import dev.stride.data.SyntheticCifar;
import dev.stride.devstack.DevStack;
import dev.stride.devstack.DevStackTestResource;
import dev.stride.devstack.EventTap;
import dev.stride.devstack.InjectDevStack;
import dev.stride.storage.ObjectStore;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(DevStackTestResource.class)
class DatasetResourceTest {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final List<String> NAMES =
      List.of(
          "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");

  @InjectDevStack DevStack stack;
  @Inject ObjectStore store;
  EventTap tap;

  @BeforeEach
  void openTap() {
    tap = EventTap.open(stack.kafka().bootstrapServers(), List.of(Topics.DATASET_EVENTS));
  }

  @AfterEach
  void closeTap() {
    tap.close();
  }

  @Test
  void ingestsASyntheticSpecIntoShardsAndAManifest() {
    given()
        .contentType(ContentType.JSON)
        .body(
            "{\"source\":{\"synthetic\":{\"train\":300,\"validation\":100,\"test\":50,\"seed\":3}}}")
        .post("/api/v1/datasets")
        .then()
        .statusCode(202)
        .header("Location", "/api/v1/datasets/synthetic-300-100-50-s3")
        .body("datasetId", equalTo("synthetic-300-100-50-s3"))
        .body("status", equalTo("requested"));

    DatasetIngested ingested =
        tap.await(
            DatasetIngested.class, e -> e.datasetId().equals("synthetic-300-100-50-s3"), WAIT);

    assertThat(ingested.train()).isEqualTo(300);
    assertThat(ingested.validation()).isEqualTo(100);
    assertThat(ingested.test()).isEqualTo(50);
    assertThat(ingested.classNames()).isEqualTo(SyntheticCifar.CLASS_NAMES);
    assertThat(ingested.manifestKey()).isEqualTo("datasets/synthetic-300-100-50-s3/manifest.json");
    DatasetManifest manifest = store.getJson(ingested.manifestKey(), DatasetManifest.class);
    assertThat(manifest.imageShape()).containsExactly(32, 32, 3);
    assertThat(manifest.split("train").classCounts().stream().mapToInt(Integer::intValue).sum())
        .isEqualTo(300);
    assertThat(manifest.mean()).hasSize(3).allSatisfy(m -> assertThat(m).isBetween(0.05, 0.6));
    // shards hold exactly the generated images: the last 100 of 400 seeded images are validation
    ImageSet all = SyntheticCifar.generate(400, 3);
    assertThat(store.get(ObjectKeys.datasetShard("synthetic-300-100-50-s3", "validation", 0)))
        .isEqualTo(CifarBinary.toBytes(all.slice(300, 400)));

    given()
        .get("/api/v1/datasets/synthetic-300-100-50-s3")
        .then()
        .statusCode(200)
        .body("status", equalTo("ingested"))
        .body("manifest.splits.test.images", equalTo(50));
  }

  @Test
  void ingestsAnUploadedArchiveWithItsOwnClassNames() throws Exception {
    byte[] archive =
        archive(SyntheticCifar.generate(100, 1), SyntheticCifar.generate(20, 2), NAMES);

    String id =
        given()
            .contentType("application/gzip")
            .body(archive)
            .post("/api/v1/datasets")
            .then()
            .statusCode(202)
            .extract()
            .path("datasetId");

    DatasetIngested ingested =
        tap.await(DatasetIngested.class, e -> e.datasetId().equals(id), WAIT);
    assertThat(id).isEqualTo("upload-" + sha256(archive).substring(0, 12));
    assertThat(ingested.classNames()).isEqualTo(NAMES);
    // a fifth of a small training set is held out, from its end, as the notebook does
    assertThat(ingested.train()).isEqualTo(80);
    assertThat(ingested.validation()).isEqualTo(20);
    assertThat(ingested.test()).isEqualTo(20);
    assertThat(ingested.checksum()).isEqualTo("sha256:" + sha256(archive));
  }

  @Test
  void downloadsAnArchiveByUrlAndChecksItsMd5() throws Exception {
    byte[] archive = archive(SyntheticCifar.generate(60, 4), SyntheticCifar.generate(10, 5), NAMES);
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/cifar-10-binary.tar.gz",
        exchange -> {
          exchange.sendResponseHeaders(200, archive.length);
          exchange.getResponseBody().write(archive);
          exchange.close();
        });
    server.start();
    try {
      String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/cifar-10-binary.tar.gz";
      String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(archive));
      given()
          .contentType(ContentType.JSON)
          .body(
              "{\"datasetId\":\"by-url\",\"source\":{\"url\":\""
                  + url
                  + "\",\"md5\":\""
                  + md5
                  + "\"}}")
          .post("/api/v1/datasets")
          .then()
          .statusCode(202);
      given()
          .contentType(ContentType.JSON)
          .body(
              "{\"datasetId\":\"bad-md5\",\"source\":{\"url\":\""
                  + url
                  + "\",\"md5\":\""
                  + "0".repeat(32)
                  + "\"}}")
          .post("/api/v1/datasets")
          .then()
          .statusCode(202);

      assertThat(
              tap.await(DatasetIngested.class, e -> e.datasetId().equals("by-url"), WAIT).train())
          .isEqualTo(48);
      DatasetFailed failed =
          tap.await(DatasetFailed.class, e -> e.datasetId().equals("bad-md5"), WAIT);
      assertThat(failed.reason())
          .isEqualTo("MD5 of " + url + " is " + md5 + ", expected " + "0".repeat(32));
      assertThat(store.list("datasets/bad-md5/")).isEmpty();
    } finally {
      server.stop(0);
    }
  }

  @Test
  void aTruncatedArchiveFailsNamingFileAndOffsetAndLeavesNothing() throws Exception {
    ImageSet train = SyntheticCifar.generate(30, 6);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (var tar =
        new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(
            new org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream(out))) {
      byte[] batch = java.util.Arrays.copyOf(CifarBinary.toBytes(train), 3073 * 29 + 1000);
      var entry =
          new org.apache.commons.compress.archivers.tar.TarArchiveEntry(
              "cifar-10-batches-bin/data_batch_1.bin");
      entry.setSize(batch.length);
      tar.putArchiveEntry(entry);
      tar.write(batch);
      tar.closeArchiveEntry();
    }

    given()
        .contentType("application/gzip")
        .queryParam("datasetId", "truncated")
        .body(out.toByteArray())
        .post("/api/v1/datasets")
        .then()
        .statusCode(202);

    DatasetFailed failed =
        tap.await(DatasetFailed.class, e -> e.datasetId().equals("truncated"), WAIT);
    assertThat(failed.file()).isEqualTo("cifar-10-batches-bin/data_batch_1.bin");
    assertThat(failed.offset()).isEqualTo(3073L * 29);
    assertThat(failed.reason())
        .isEqualTo(
            "cifar-10-batches-bin/data_batch_1.bin at byte 89117: truncated record: 1000 of 3073"
                + " bytes (1 label + 3072 pixels)");
    assertThat(store.list("datasets/truncated/")).isEmpty();
    given()
        .get("/api/v1/datasets/truncated")
        .then()
        .statusCode(200)
        .body("status", equalTo("failed"))
        .body("reason", equalTo(failed.reason()));
  }

  @Test
  void refusesAnAmbiguousSourceNamingTheProblem() {
    given()
        .contentType(ContentType.JSON)
        .body("{\"source\":{\"url\":\"https://example.org/a.tar.gz\",\"synthetic\":{}}}")
        .post("/api/v1/datasets")
        .then()
        .statusCode(400)
        .body("error", equalTo("source needs exactly one of url, objectKey or synthetic, got 2"));
  }

  @Test
  void refusesANegativeImageCount() {
    given()
        .contentType(ContentType.JSON)
        .body("{\"source\":{\"synthetic\":{\"train\":-5}}}")
        .post("/api/v1/datasets")
        .then()
        .statusCode(400)
        .body("error", equalTo("source.synthetic.train must be positive, was -5"));
  }

  @Test
  void answers404ForAnUnknownDataset() {
    given()
        .get("/api/v1/datasets/never-heard-of")
        .then()
        .statusCode(404)
        .body("error", equalTo("no dataset never-heard-of"));
  }

  private static byte[] archive(ImageSet train, ImageSet test, List<String> names)
      throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CifarArchive.write(out, train, 2, test, names);
    return out.toByteArray();
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
