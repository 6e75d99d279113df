package dev.stride.console.registry;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;

import dev.stride.devstack.DevStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

/** The console is ready once its registry has replayed the history it found at start. */
@QuarkusTest
@QuarkusTestResource(DevStackTestResource.class)
class RegistryReadinessTest {

  @Test
  void notReadyUntilEveryPartitionIsReadToItsEndOffsetAtStart() {
    ReplayProgress progress = new ReplayProgress();
    RegistryReadiness check = new RegistryReadiness();
    check.progress = progress;

    HealthCheckResponse waiting = check.call();
    assertThat(waiting.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
    assertThat(waiting.getData()).contains(Map.of("waiting", "for the topics' end offsets"));

    progress.target(
        Map.of(
            new TopicPartition("training.events", 0), 3L,
            new TopicPartition("training.events", 1), 1L,
            new TopicPartition("dataset.events", 0), 0L));
    progress.read("training.events", 0, 0);
    HealthCheckResponse behind = check.call();
    assertThat(behind.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
    assertThat(behind.getData()).contains(Map.of("training.events-0", 2L, "training.events-1", 1L));

    progress.read("training.events", 1, 0);
    progress.read("training.events", 0, 2); // offsets may be skipped (compaction, retention)
    assertThat(check.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
    // and stays so: later records are the live ones
    progress.target(Map.of(new TopicPartition("training.events", 0), 99L));
    assertThat(check.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
  }

  @Test
  void theRunningConsoleBecomesReadyAfterItsReplay() {
    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                given()
                    .get("/q/health/ready")
                    .then()
                    .statusCode(200)
                    .body("checks.name", hasItem(RegistryReadiness.NAME)));
  }
}
