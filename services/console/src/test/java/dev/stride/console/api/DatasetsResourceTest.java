package dev.stride.console.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stride.console.registry.DatasetView;
import dev.stride.contracts.Topics;
import dev.stride.contracts.events.DatasetIngested;
import dev.stride.devstack.DevStack;
import dev.stride.devstack.DevStackTestResource;
import dev.stride.devstack.EventTap;
import dev.stride.devstack.InjectDevStack;
import dev.stride.messaging.CloudEventsKafka;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(DevStackTestResource.class)
class DatasetsResourceTest {

  @InjectDevStack DevStack stack;
  @Inject ObjectMapper mapper;

  @Test
  void anIngestedDatasetIsListedWithItsCountsAndClasses() throws Exception {
    List<String> classes = List.of("airplane", "automobile", "bird");
    try (EventTap tap =
        EventTap.open(stack.kafka().bootstrapServers(), List.of(Topics.DATASET_EVENTS))) {
      tap.send(
          CloudEventsKafka.toRecord(
              new DatasetIngested(
                  "ds-console",
                  "datasets/ds-console/manifest.json",
                  900,
                  100,
                  200,
                  classes,
                  "sha256:ab"),
              "/test",
              "ds-1",
              // a whole minute: ce_time is written without seconds, "2026-11-28T09:00Z"
              OffsetDateTime.parse("2026-11-28T09:00:00Z")));
    }

    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> given().get("/api/v1/datasets").then().body("datasetId", hasItem("ds-console")));
    DatasetView[] datasets =
        mapper.readValue(given().get("/api/v1/datasets").asString(), DatasetView[].class);
    assertThat(datasets)
        .contains(
            new DatasetView(
                "ds-console",
                "datasets/ds-console/manifest.json",
                900,
                100,
                200,
                classes,
                "sha256:ab",
                Instant.parse("2026-11-28T09:00:00Z")));
  }
}
