package dev.stride.ingestion.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.stride.contracts.ObjectKeys;
import dev.stride.contracts.Topics;
import dev.stride.contracts.events.DatasetFailed;
import dev.stride.contracts.events.DatasetIngestRequested;
import dev.stride.contracts.events.DatasetSource;
import dev.stride.data.SyntheticCifar;
import dev.stride.data.archive.TestArchive;
import dev.stride.data.cifar.CifarBinary;
import dev.stride.devstack.DevStack;
import dev.stride.devstack.DevStackTestResource;
import dev.stride.devstack.EventTap;
import dev.stride.devstack.InjectDevStack;
import dev.stride.ingestion.CifarMirrorResource;
import dev.stride.storage.ObjectInfo;
import dev.stride.storage.ObjectStore;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Archives that must not be ingested: each answered with a precise status and message naming the
 * entry (and offset), nothing stored, the service still serving.
 */
@QuarkusTest
@QuarkusTestResource(DevStackTestResource.class)
@QuarkusTestResource(CifarMirrorResource.class)
class ArchiveSafetyTest {

  @InjectDevStack DevStack stack;
  @Inject ObjectStore store;
  @TempDir Path dir;

  @Test
  void refusesEntriesThatEscapeTheArchive() throws Exception {
    upload(new TestArchive().file("../evil.bin", "x").tarGz(dir), "escape")
        .statusCode(422)
        .body("error", startsWith("../evil.bin"));
    upload(new TestArchive().file("/etc/cron.d/evil", "x").tarGz(dir), "absolute")
        .statusCode(422)
        .body("error", startsWith("/etc/cron.d/evil"));
    upload(
            new TestArchive()
                .symlink("cifar-10-batches-bin/test_batch.bin", "/etc/passwd")
                .tarGz(dir),
            "link")
        .statusCode(422)
        .body("error", startsWith("cifar-10-batches-bin/test_batch.bin"));
    upload(new TestArchive().special("dev-null", TarConstants.LF_CHR, 020666).tarGz(dir), "device")
        .statusCode(422);
    for (String id : List.of("escape", "absolute", "link", "device")) {
      assertThat(store.list(ObjectKeys.datasetPrefix(id))).isEmpty();
    }
  }

  @Test
  void refusesACompressionBombAtTheCap() throws Exception {
    // 80 MB of zeros gzip to about 80 kB; the test profile caps decompressed bytes at 64 MB
    Path bomb = dir.resolve("bomb.tar.gz");
    try (TarArchiveOutputStream tar =
        new TarArchiveOutputStream(new GzipCompressorOutputStream(Files.newOutputStream(bomb)))) {
      TarArchiveEntry entry = new TarArchiveEntry("cifar-10-batches-bin/data_batch_1.bin");
      entry.setSize(80L << 20);
      tar.putArchiveEntry(entry);
      byte[] zeros = new byte[1 << 20];
      for (int i = 0; i < 80; i++) {
        tar.write(zeros);
      }
      tar.closeArchiveEntry();
    }

    upload(bomb, "bomb")
        .statusCode(413)
        .body(
            "error",
            equalTo(
                "cifar-10-batches-bin/data_batch_1.bin: archive holds more than 67108864 bytes once decompressed"));
  }

  @Test
  void namesTheFileAndOffsetOfATruncatedRecordOrABadLabel() throws Exception {
    byte[] records = CifarBinary.toBytes(SyntheticCifar.generate(30, 6));
    Path truncated =
        new TestArchive()
            .file("cifar-10-batches-bin/data_batch_1.bin", Arrays.copyOf(records, 3073 * 29 + 1000))
            .tarGz(dir);
    byte[] badLabel = records.clone();
    badLabel[3073 * 4] = 10;
    Path labelled =
        new TestArchive()
            .file("cifar-10-batches-bin/data_batch_1.bin", badLabel)
            .file("cifar-10-batches-bin/test_batch.bin", records)
            .file(
                "cifar-10-batches-bin/batches.meta.txt",
                String.join("\n", SyntheticCifar.CLASS_NAMES))
            .tarGz(dir);

    upload(truncated, "truncated")
        .statusCode(422)
        .body(
            "error",
            equalTo(
                "cifar-10-batches-bin/data_batch_1.bin at byte 89117: truncated record: 1000 of 3073 bytes (1 label + 3072 pixels)"));
    upload(labelled, "labelled")
        .statusCode(422)
        .body(
            "error",
            equalTo(
                "cifar-10-batches-bin/data_batch_1.bin at byte 12292: label 10 is out of range for 10 classes"));
  }

  /** A 40,000-character class name once stalled every ingest behind it; now it is a 413. */
  @Test
  void refusesAClassNamePastTheCapAndTwoClassesOfOneName() throws Exception {
    byte[] records = CifarBinary.toBytes(SyntheticCifar.generate(10, 6));
    java.util.List<String> names = new java.util.ArrayList<>(SyntheticCifar.CLASS_NAMES);
    names.set(2, "b".repeat(40_000));
    Path longName =
        new TestArchive()
            .file("cifar-10-batches-bin/data_batch_1.bin", records)
            .file("cifar-10-batches-bin/test_batch.bin", records)
            .file("cifar-10-batches-bin/batches.meta.txt", String.join("\n", names))
            .tarGz(dir);
    names.set(2, names.get(1));
    Path sameName =
        new TestArchive()
            .file("cifar-10-batches-bin/data_batch_1.bin", records)
            .file("cifar-10-batches-bin/test_batch.bin", records)
            .file("cifar-10-batches-bin/batches.meta.txt", String.join("\n", names))
            .tarGz(dir);

    upload(longName, "long-name")
        .statusCode(413)
        .body("error", equalTo("class name 2 has 40000 characters, more than the limit of 100"));
    upload(sameName, "same-name")
        .statusCode(422)
        .body(
            "error",
            equalTo(
                "classes 1 and 2 have the same name '" + SyntheticCifar.CLASS_NAMES.get(1) + "'"));
  }

  @Test
  void refusesWhatIsNoArchiveAnEmptyOneAndAnUnknownLayout() throws Exception {
    upload(Files.writeString(dir.resolve("a.txt"), "just some text"), "text")
        .statusCode(415)
        .body("error", equalTo("not a tar, tar.gz or zip archive"));
    upload(new TestArchive().folder("nothing/").tarGz(dir), "empty")
        .statusCode(422)
        .body("error", equalTo("the archive is empty"));
    upload(new TestArchive().file("notes/readme.md", "hello").zip(dir), "unknown").statusCode(415);
  }

  @Test
  void refusesABodyOverTheLimitAndAnEmptyOne() throws Exception {
    // the test profile limits bodies to 8 MB; the server answers from the declared length
    HttpResponse<String> tooLarge =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .build()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            RestAssured.baseURI + ":" + RestAssured.port + "/api/v1/datasets"))
                    .header("Content-Type", "application/gzip")
                    .expectContinue(true)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[9 << 20]))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(tooLarge.statusCode()).isEqualTo(413);
    given()
        .contentType("application/gzip")
        .body(new byte[0])
        .post("/api/v1/datasets")
        .then()
        .statusCode(400)
        .body("error", equalTo("the upload is empty; send a dataset archive as the body"));
  }

  @Test
  void aBrokenArchiveArrivingOverKafkaFailsWithFileAndOffsetAndLeavesNothing() throws Exception {
    byte[] records = CifarBinary.toBytes(SyntheticCifar.generate(10, 7));
    Path broken =
        new TestArchive()
            .file("cifar-10-batches-bin/data_batch_1.bin", Arrays.copyOf(records, 3073 * 5 + 7))
            .tarGz(dir);
    store.putFile("uploads/by-hand.tar.gz", broken, "application/gzip");

    try (EventTap tap =
        EventTap.open(stack.kafka().bootstrapServers(), List.of(Topics.DATASET_EVENTS))) {
      tap.publish(
          new DatasetIngestRequested("by-hand", DatasetSource.ofObject("uploads/by-hand.tar.gz")),
          "/test");

      DatasetFailed failed =
          tap.await(
              DatasetFailed.class, e -> e.datasetId().equals("by-hand"), Duration.ofSeconds(60));
      assertThat(failed.file()).isEqualTo("cifar-10-batches-bin/data_batch_1.bin");
      assertThat(failed.offset()).isEqualTo(3073L * 5);
      assertThat(store.list(ObjectKeys.datasetPrefix("by-hand"))).isEmpty();
    }
    given()
        .get("/api/v1/datasets/by-hand")
        .then()
        .statusCode(200)
        .body("status", equalTo("failed"))
        .body("httpStatus", equalTo(422))
        .body("file", equalTo("cifar-10-batches-bin/data_batch_1.bin"))
        .body("offset", equalTo(3073 * 5));
  }

  /** Uploads an archive; a refused one must leave no upload behind. */
  private io.restassured.response.ValidatableResponse upload(Path archive, String id)
      throws Exception {
    byte[] bytes = Files.readAllBytes(archive);
    List<ObjectInfo> before = store.list(ObjectKeys.UPLOADS);
    io.restassured.response.ValidatableResponse response =
        given()
            .contentType("application/octet-stream")
            .queryParam("datasetId", id)
            .body(bytes)
            .post("/api/v1/datasets")
            .then();
    if (response.extract().statusCode() != 202) {
      // uploads under a name of their own: nothing new under uploads/ (others' may have gone)
      assertThat(store.list(ObjectKeys.UPLOADS)).isSubsetOf(before);
    }
    return response;
  }
}
