package dev.stride.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.jboss.logging.MDC;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TracingTest {

  private static final String OUTSIDE_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String OUTSIDE_SPAN = "00f067aa0ba902b7";
  private static final String OUTSIDE_PARENT = "00-" + OUTSIDE_TRACE + "-" + OUTSIDE_SPAN + "-01";

  private final InMemorySpanExporter exported = InMemorySpanExporter.create();
  private final OpenTelemetrySdk sdk =
      OpenTelemetrySdk.builder()
          .setTracerProvider(
              SdkTracerProvider.builder()
                  .addSpanProcessor(SimpleSpanProcessor.create(exported))
                  .build())
          .build();
  private final Tracing tracing = new Tracing(sdk);

  @AfterEach
  void close() {
    sdk.close();
  }

  @Test
  void aConsumerContinuesTheTraceThePublisherWroteIntoTheHeaders() {
    Headers headers = new RecordHeaders();
    try (Traced request = tracing.span("POST /api/v1/runs")) {
      Tracing.inject(headers);
    }
    try (Traced run = tracing.receive(record("training.requests", "run-7", headers))) {
      try (Traced epoch = tracing.span("epoch").attribute("stride.epoch", 1)) {
        // the events the epoch publishes carry the epoch's context on
        Headers out = new RecordHeaders();
        Tracing.inject(out);
        assertThat(traceparent(out))
            .isEqualTo(
                "00-"
                    + epoch.span().getSpanContext().getTraceId()
                    + "-"
                    + epoch.span().getSpanContext().getSpanId()
                    + "-01");
      }
    }

    SpanData request = span("POST /api/v1/runs");
    SpanData run = span("process training.requests");
    SpanData epoch = span("epoch");
    assertThat(run.getTraceId()).isEqualTo(request.getTraceId());
    assertThat(epoch.getTraceId()).isEqualTo(request.getTraceId());
    assertThat(run.getParentSpanId()).isEqualTo(request.getSpanId());
    assertThat(epoch.getParentSpanId()).isEqualTo(run.getSpanId());
    assertThat(run.getKind()).isEqualTo(SpanKind.CONSUMER);
    assertThat(run.getAttributes().asMap())
        .extractingFromEntries(e -> e.getKey().getKey() + "=" + e.getValue())
        .contains(
            "messaging.system=kafka",
            "messaging.destination.name=training.requests",
            "messaging.kafka.message.key=run-7",
            "messaging.kafka.offset=42",
            "cloudevents.event_type=dev.stride.training.run-requested.v1");
    assertThat(epoch.getAttributes().asMap())
        .extractingFromEntries(e -> e.getKey().getKey() + "=" + e.getValue())
        .containsExactly("stride.epoch=1");
  }

  @Test
  void aRecordWithoutContextStartsATraceOfItsOwn() {
    try (Traced run = tracing.receive(record("training.requests", "run-8", new RecordHeaders()))) {
      assertThat(Tracing.currentTraceId()).contains(run.span().getSpanContext().getTraceId());
    }
    SpanData run = span("process training.requests");
    assertThat(run.getParentSpanContext().isValid()).isFalse();
    assertThat(Tracing.currentTraceId()).isEmpty();
  }

  @Test
  void withTracingOffAnOutsideTraceStillGoesThrough() {
    Tracing off = Tracing.disabled();
    Headers in = new RecordHeaders();
    in.add(Tracing.TRACEPARENT, OUTSIDE_PARENT.getBytes(StandardCharsets.UTF_8));
    Headers out = new RecordHeaders();
    try (Traced run = off.receive(record("training.requests", "run-9", in));
        Traced epoch = off.span("epoch")) {
      Tracing.inject(out);
      assertThat(Tracing.currentTraceId()).contains(OUTSIDE_TRACE);
    }
    assertThat(traceparent(out)).isEqualTo(OUTSIDE_PARENT);
    assertThat(exported.getFinishedSpanItems()).isEmpty();
  }

  @Test
  void injectReplacesAForwardedContextAndAddsNothingOutsideATrace() {
    Headers headers = new RecordHeaders();
    headers.add(Tracing.TRACEPARENT, OUTSIDE_PARENT.getBytes(StandardCharsets.UTF_8));
    Tracing.inject(headers);
    assertThat(traceparent(headers)).isEqualTo(OUTSIDE_PARENT);

    try (Traced span = tracing.span("dead letter")) {
      Tracing.inject(headers);
    }
    assertThat(headers.headers(Tracing.TRACEPARENT)).hasSize(1);
    assertThat(traceparent(headers)).contains(span("dead letter").getSpanId());

    Headers none = new RecordHeaders();
    Tracing.inject(none);
    assertThat(none.toArray()).isEmpty();
  }

  @Test
  void theSpanIsInTheLogLinesWhileItIsOpen() {
    MDC.put(LogContext.TRACE_ID, "outer");
    try (Traced span = tracing.span("evaluation")) {
      assertThat(MDC.get(LogContext.TRACE_ID)).isEqualTo(span.span().getSpanContext().getTraceId());
      assertThat(MDC.get(LogContext.SPAN_ID)).isEqualTo(span.span().getSpanContext().getSpanId());
    }
    assertThat(MDC.get(LogContext.TRACE_ID)).isEqualTo("outer");
    assertThat(MDC.get(LogContext.SPAN_ID)).isNull();
    MDC.remove(LogContext.TRACE_ID);
  }

  @Test
  void workThatThrowsFailsItsReceiveSpanAndTheErrorGoesOn() {
    ConsumerRecord<String, byte[]> poison = record("dataset.requests", "ds-1", new RecordHeaders());
    IllegalArgumentException thrown = new IllegalArgumentException("not an ingest request");
    assertThatThrownBy(
            () ->
                tracing.receive(
                    poison,
                    () -> {
                      throw thrown;
                    }))
        .isSameAs(thrown);
    SpanData failed = span("process dataset.requests");
    assertThat(failed.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(failed.getStatus().getDescription()).isEqualTo("not an ingest request");
  }

  @Test
  void aFailedSpanSaysWhy() {
    try (Traced span = tracing.span("checkpoint write")) {
      span.failed(new IllegalStateException("S3 refused the upload"));
    }
    SpanData failed = span("checkpoint write");
    assertThat(failed.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(failed.getStatus().getDescription()).isEqualTo("S3 refused the upload");
    assertThat(failed.getEvents()).extracting(e -> e.getName()).containsExactly("exception");
  }

  private SpanData span(String name) {
    Optional<SpanData> found =
        exported.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).findFirst();
    assertThat(found).as("span %s among %s", name, exported.getFinishedSpanItems()).isPresent();
    return found.get();
  }

  private static String traceparent(Headers headers) {
    return new String(headers.lastHeader(Tracing.TRACEPARENT).value(), StandardCharsets.UTF_8);
  }

  private static ConsumerRecord<String, byte[]> record(String topic, String key, Headers headers) {
    headers.add("ce_type", "dev.stride.training.run-requested.v1".getBytes(StandardCharsets.UTF_8));
    return new ConsumerRecord<>(
        topic,
        0,
        42,
        0L,
        TimestampType.CREATE_TIME,
        0,
        0,
        key,
        new byte[0],
        headers,
        Optional.empty());
  }
}
