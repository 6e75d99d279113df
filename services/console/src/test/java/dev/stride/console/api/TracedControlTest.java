package dev.stride.console.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stride.contracts.Topics;
import dev.stride.contracts.events.RunRequested;
import dev.stride.devstack.DevStack;
import dev.stride.devstack.DevStackTestResource;
import dev.stride.devstack.EventTap;
import dev.stride.devstack.InjectDevStack;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** With tracing on, a REST call's trace goes on in the command the console puts on Kafka. */
@QuarkusTest
@TestProfile(TracedControlTest.TracingOn.class)
@QuarkusTestResource(DevStackTestResource.class)
class TracedControlTest {

  private static final String CALLER_TRACE = "0af7651916cd43dd8448eb211c80319c";
  private static final String CALLER_SPAN = "b7ad6b7169203331";

  public static class TracingOn implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      // spans are recorded; none is exported during the test (the batch waits an hour), and the
      // one export at shutdown goes to the discard port
      return Map.of(
          "otel.sdk.disabled", "false",
          "otel.exporter.otlp.endpoint", "http://127.0.0.1:9",
          "quarkus.otel.bsp.schedule.delay", "1h");
    }
  }

  @InjectDevStack DevStack stack;

  @Test
  void aSubmittedRunCarriesTheCallersTraceWithTheConsolesSpanAsParent() {
    try (EventTap tap =
        EventTap.open(stack.kafka().bootstrapServers(), List.of(Topics.TRAINING_REQUESTS))) {
      given()
          .header("traceparent", "00-" + CALLER_TRACE + "-" + CALLER_SPAN + "-01")
          .contentType("application/json")
          .body(ControlTest.GOLDEN.replace("run-submit-1", "run-traced-1"))
          .post("/api/v1/runs")
          .then()
          .statusCode(202);
      tap.await(RunRequested.class, r -> r.runId().equals("run-traced-1"), ControlTest.WAIT);

      ConsumerRecord<String, byte[]> record =
          tap.records().stream().filter(r -> "run-traced-1".equals(r.key())).findFirst().get();
      String traceparent = EventTap.header(record, "traceparent");
      // the caller's trace, continued from a span of the console's own (the REST call's)
      assertThat(traceparent).matches("00-" + CALLER_TRACE + "-[0-9a-f]{16}-01");
      assertThat(traceparent).doesNotContain(CALLER_SPAN);
    }
  }
}
