package dev.stride.ingestion.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.stride.contracts.Topics;
import dev.stride.contracts.events.DatasetFailed;
import dev.stride.contracts.events.DatasetIngestRequested;
import dev.stride.contracts.events.DatasetIngested;
import dev.stride.contracts.events.DatasetSource;
import dev.stride.contracts.events.SyntheticSpec;
import dev.stride.devstack.DevStack;
import dev.stride.devstack.DevStackTestResource;
import dev.stride.devstack.EventTap;
import dev.stride.devstack.InjectDevStack;
import dev.stride.storage.ObjectStore;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A request naming an object in the store may name an upload only; anything else fails the dataset
 * with a 400 that names the key, over Kafka as over REST, and tells nothing of other objects.
 */
@QuarkusTest
@QuarkusTestResource(DevStackTestResource.class)
class ObjectKeySourceTest {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @InjectDevStack DevStack stack;
  @Inject ObjectStore store;

  @Test
  void aKeyWithDotDotFailsTheDatasetWhoseIdIsThenTakenAfresh() {
    try (EventTap tap = tap()) {
      tap.publish(
          new DatasetIngestRequested("victim", DatasetSource.ofObject("uploads/../x")), "/test");

      DatasetFailed failed =
          tap.await(DatasetFailed.class, e -> e.datasetId().equals("victim"), WAIT);
      assertThat(failed.reason()).isEqualTo(refusal("uploads/../x"));
      assertFailedWithA400("victim", "uploads/../x");

      // not "ingesting" for ever: a later request for the id is served, not joined
      tap.publish(
          new DatasetIngestRequested(
              "victim", DatasetSource.ofSynthetic(new SyntheticSpec(20, 5, 5, 31L))),
          "/test");
      assertThat(
              tap.await(DatasetIngested.class, e -> e.datasetId().equals("victim"), WAIT).train())
          .isEqualTo(20);
      assertThat(tap.records("victim"))
          .noneMatch(r -> r.topic().equals(Topics.deadLetter(Topics.DATASET_REQUESTS)));
    }
  }

  @Test
  void whetherAnotherObjectExistsIsNotTold() {
    store.putJson("models/probe/current.json", Map.of("runId", "secret"));
    try (EventTap tap = tap()) {
      tap.publish(
          new DatasetIngestRequested(
              "probe-there", DatasetSource.ofObject("models/probe/current.json")),
          "/test");
      tap.publish(
          new DatasetIngestRequested(
              "probe-absent", DatasetSource.ofObject("models/absent/current.json")),
          "/test");

      DatasetFailed there =
          tap.await(DatasetFailed.class, e -> e.datasetId().equals("probe-there"), WAIT);
      DatasetFailed absent =
          tap.await(DatasetFailed.class, e -> e.datasetId().equals("probe-absent"), WAIT);
      assertThat(there.reason()).isEqualTo(refusal("models/probe/current.json"));
      assertThat(absent.reason()).isEqualTo(refusal("models/absent/current.json"));
    }
    assertFailedWithA400("probe-there", "models/probe/current.json");
    assertFailedWithA400("probe-absent", "models/absent/current.json");
  }

  @Test
  void malformedKeysAreRefusedNamingTheValueOverKafkaAndOverRest() {
    // each key, and how the answer shows it: control characters escaped, a long key shortened
    Map<String, String> keys = new LinkedHashMap<>();
    keys.put("uploads/a\u0000b", "uploads/a\\u0000b");
    keys.put("uploads/line\nbreak", "uploads/line\\nbreak");
    keys.put("/uploads/absolute", "/uploads/absolute");
    keys.put("uploads/nested/key", "uploads/nested/key");
    keys.put("uploads/" + "a".repeat(300), "uploads/" + "a".repeat(192) + "… (308 characters)");
    keys.put("datasets/victim/manifest.json", "datasets/victim/manifest.json");
    try (EventTap tap = tap()) {
      int n = 0;
      for (Map.Entry<String, String> key : keys.entrySet()) {
        String id = "bad-key-" + (char) ('a' + n++);
        tap.publish(new DatasetIngestRequested(id, DatasetSource.ofObject(key.getKey())), "/test");
        DatasetFailed failed = tap.await(DatasetFailed.class, e -> e.datasetId().equals(id), WAIT);
        assertThat(failed.reason()).as(key.getValue()).isEqualTo(refusal(key.getValue()));
        assertFailedWithA400(id, key.getValue());

        String restId = "rest-" + id;
        given()
            .contentType(ContentType.JSON)
            .body(Map.of("datasetId", restId, "source", Map.of("objectKey", key.getKey())))
            .post("/api/v1/datasets")
            .then()
            .statusCode(400)
            .body("error", equalTo(refusal(key.getValue())));
        // refused at once: nothing was queued under that id
        given().get("/api/v1/datasets/" + restId).then().statusCode(404);
      }
    }
  }

  private EventTap tap() {
    return EventTap.open(
        stack.kafka().bootstrapServers(),
        List.of(Topics.DATASET_EVENTS, Topics.deadLetter(Topics.DATASET_REQUESTS)));
  }

  /** The status says failed, terminal, with the refusal a REST caller would have had. */
  private static void assertFailedWithA400(String id, String shown) {
    JsonPath status = given().get("/api/v1/datasets/" + id).then().extract().jsonPath();
    assertThat(
            List.of(
                status.getString("status"),
                status.getInt("httpStatus"),
                status.getString("reason")))
        .containsExactly("failed", 400, refusal(shown));
  }

  private static String refusal(String shown) {
    return "source.objectKey must name an archive uploaded to the ingestion service: 'uploads/'"
        + " and 1-128 letters, digits, '.', '_' or '-', starting with a letter or digit, without"
        + " '..'; got \""
        + shown
        + "\"";
  }
}
