package dev.stride.ingestion.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.stride.contracts.ObjectKeys;
import dev.stride.contracts.Topics;
import dev.stride.contracts.events.DatasetFailed;
import dev.stride.contracts.events.DatasetIngested;
import dev.stride.contracts.objects.DatasetManifest;
import dev.stride.data.SyntheticCifar;
import dev.stride.devstack.DevStack;
import dev.stride.devstack.DevStackTestResource;
import dev.stride.devstack.EventTap;
import dev.stride.devstack.InjectDevStack;
import dev.stride.storage.ObjectInfo;
import dev.stride.storage.ObjectStore;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * An uploaded archive waits under uploads/ only until its ingest ends, whatever the outcome; one
 * refused at once is never stored. The dataset keeps its own shards.
 */
@QuarkusTest
@QuarkusTestResource(DevStackTestResource.class)
class UploadedArchivesTest {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @InjectDevStack DevStack stack;
  @Inject ObjectStore store;

  @Test
  void anIngestedUploadIsRemovedAndItsDatasetStays() throws Exception {
    byte[] archive = archive(50, 10, 41);
    Set<String> before = uploads();
    try (EventTap tap = tap()) {
      upload(archive, Map.of("datasetId", "upload-removed")).statusCode(202);
      DatasetIngested ingested =
          tap.await(DatasetIngested.class, e -> e.datasetId().equals("upload-removed"), WAIT);

      String upload =
          store.getJson(ingested.manifestKey(), DatasetManifest.class).source().objectKey();
      assertThat(upload).startsWith(ObjectKeys.UPLOADS);
      Awaitility.await().atMost(WAIT).until(() -> !store.exists(upload));
      assertThat(uploads()).isSubsetOf(before);
    }
    given().get("/api/v1/datasets/upload-removed/samples").then().statusCode(200);
  }

  @Test
  void anUploadWhoseIngestFailsIsRemovedToo() throws Exception {
    // a valid archive, but a validation fraction that leaves no validation image of 10
    byte[] archive = archive(10, 5, 43);
    Set<String> before = uploads();
    try (EventTap tap = tap()) {
      upload(archive, Map.of("datasetId", "upload-failed", "validationFraction", "0.01"))
          .statusCode(202);
      DatasetFailed failed =
          tap.await(DatasetFailed.class, e -> e.datasetId().equals("upload-failed"), WAIT);
      assertThat(failed.reason()).startsWith("too few images to split");
      Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThat(uploads()).isSubsetOf(before));
    }
  }

  @Test
  void anUploadWithABadDatasetIdIsRefusedBeforeItIsStored() throws Exception {
    byte[] archive = archive(20, 5, 45);
    Set<String> before = uploads();
    upload(archive, Map.of("datasetId", "../evil"))
        .statusCode(400)
        .body(
            "error",
            equalTo(
                "datasetId must be 1-128 letters, digits, '.', '_' or '-', starting with a letter"
                    + " or digit: '../evil'"));
    assertThat(uploads()).isSubsetOf(before);
  }

  /** A CIFAR-10 archive of generated images. */
  private static byte[] archive(int train, int test, long seed) throws Exception {
    return DatasetResourceTest.cifar10(
        SyntheticCifar.generate(train, seed), SyntheticCifar.generate(test, seed + 1));
  }

  private EventTap tap() {
    return EventTap.open(stack.kafka().bootstrapServers(), List.of(Topics.DATASET_EVENTS));
  }

  private static ValidatableResponse upload(byte[] archive, Map<String, String> query) {
    return given()
        .contentType("application/gzip")
        .queryParams(query)
        .body(archive)
        .post("/api/v1/datasets")
        .then();
  }

  private Set<String> uploads() {
    return store.list(ObjectKeys.UPLOADS).stream().map(ObjectInfo::key).collect(Collectors.toSet());
  }
}
