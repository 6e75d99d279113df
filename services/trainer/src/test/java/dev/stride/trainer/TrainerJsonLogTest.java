package dev.stride.trainer;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stride.contracts.Topics;
import dev.stride.contracts.events.Hyperparameters;
import dev.stride.contracts.events.RunCompleted;
import dev.stride.contracts.events.RunRequested;
import dev.stride.devstack.DevStack;
import dev.stride.devstack.DevStackTestResource;
import dev.stride.devstack.EventTap;
import dev.stride.devstack.InjectDevStack;
import dev.stride.messaging.CloudEventsKafka;
import dev.stride.storage.ObjectStore;
import dev.stride.trainer.run.TinyDataset;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * STRIDE_LOG_JSON=true: every log line is one JSON object, and the run thread's lines carry the run
 * and its dataset. The console handler is switched by the same key as the file handler read here.
 */
@QuarkusTest
@TestProfile(TrainerJsonLogTest.JsonLogs.class)
@QuarkusTestResource(DevStackTestResource.class)
class TrainerJsonLogTest {

  static final Path LOG = Path.of("target/json-logs/trainer.log").toAbsolutePath();

  public static class JsonLogs implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "stride.log.json", "true",
          "quarkus.log.file.enabled", "true",
          "quarkus.log.file.path", LOG.toString());
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

  @InjectDevStack DevStack stack;
  @Inject ObjectStore store;

  @Test
  void theRunsLogLinesAreJsonWithItsRunDatasetAndTraceIds() throws IOException {
    TinyDataset.ensure(store);
    String runId = "run-json-" + UUID.randomUUID().toString().substring(0, 8);
    try (EventTap tap =
        EventTap.open(stack.kafka().bootstrapServers(), List.of(Topics.TRAINING_EVENTS))) {
      // from a producer that traces its requests; tracing is off here, as by default
      ProducerRecord<String, byte[]> request =
          CloudEventsKafka.toRecord(
              new RunRequested(
                  runId,
                  TinyDataset.ID,
                  "alexnet-mini",
                  null,
                  new Hyperparameters(1, 64, null, 3L, 1)),
              "/test");
      request
          .headers()
          .add("traceparent", ("00-" + TRACE_ID + "-00f067aa0ba902b7-01").getBytes(UTF_8));
      tap.send(request);
      tap.await(RunCompleted.class, e -> e.runId().equals(runId), Duration.ofSeconds(120));
      // the trace goes on in the events the run caused, tracing off or not
      assertThat(
              tap.records().stream()
                  .filter(r -> runId.equals(r.key()))
                  .map(r -> EventTap.header(r, "traceparent")))
          .isNotEmpty()
          .allSatisfy(header -> assertThat(header).startsWith("00-" + TRACE_ID + "-"));
    }

    // RunExecutor's last line of the run, written just after RunCompleted is out
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(lines())
                    .anySatisfy(
                        line -> {
                          assertThat(line.path("message").asText())
                              .startsWith("run " + runId + " completed");
                          assertThat(line.path("mdc").path("runId").asText()).isEqualTo(runId);
                          assertThat(line.path("mdc").path("datasetId").asText())
                              .isEqualTo(TinyDataset.ID);
                          assertThat(line.path("mdc").path("traceId").asText()).isEqualTo(TRACE_ID);
                        }));
    // every line of the run thread that names the run carries it
    List<JsonNode> ofRun =
        lines().stream()
            .filter(line -> line.path("message").asText().contains(runId))
            .filter(line -> line.path("threadName").asText().startsWith("trainer-run-"))
            .toList();
    assertThat(ofRun).isNotEmpty();
    assertThat(ofRun)
        .allSatisfy(
            l -> {
              assertThat(l.path("mdc").path("runId").asText()).isEqualTo(runId);
              assertThat(l.path("mdc").path("traceId").asText()).isEqualTo(TRACE_ID);
            });
  }

  /** Every line of the log file, each parsed as JSON (a line that is not JSON fails the test). */
  private static List<JsonNode> lines() throws IOException {
    List<JsonNode> nodes = new ArrayList<>();
    for (String line : Files.readAllLines(LOG)) {
      if (!line.isBlank()) {
        JsonNode node = JSON.readTree(line);
        assertThat(node.isObject()).as(line).isTrue();
        nodes.add(node);
      }
    }
    return nodes;
  }
}
