package dev.stride.messaging;

import static dev.stride.messaging.EventReceiver.on;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stride.contracts.events.Event;
import dev.stride.contracts.events.InvalidEventException;
import dev.stride.contracts.events.ModelPromoted;
import dev.stride.contracts.events.RunCancelRequested;
import dev.stride.contracts.events.RunFailed;
import dev.stride.observability.EventMetrics;
import dev.stride.observability.EventMetrics.Outcome;
import dev.stride.observability.Tracing;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EventReceiverTest {

  @RegisterExtension static final OpenTelemetryExtension OTEL = OpenTelemetryExtension.create();

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final EventReceiver receiver =
      new EventReceiver(new EventMetrics(meters), new Tracing(OTEL.getOpenTelemetry()));
  private final List<Object> handled = new ArrayList<>();

  @Test
  void handsTheEventOfItsTypeToTheHandlerInsideTheRecordsSpan() {
    RunCancelRequested cancel = new RunCancelRequested("run-1", "enough");

    receiver.receive(record(cancel), Outcome.FAILED, on(RunCancelRequested.class, handled::add));

    assertThat(handled).containsExactly(cancel);
    assertThat(consumed("processed")).isEqualTo(1.0);
    assertThat(OTEL.getSpans())
        .extracting(SpanData::getName)
        .containsExactly("process training.control");
  }

  @Test
  void skipsOtherTypesAndWhatTheFilterRefuses() {
    ModelPromoted other =
        new ModelPromoted("run-2", "other-model", "runs/run-2/best.json", 0.5, null);

    receiver.receive(
        record(new RunFailed("run-1", "boom", null)),
        Outcome.FAILED,
        on(ModelPromoted.class, handled::add));
    receiver.receive(
        record(other),
        Outcome.FAILED,
        on(ModelPromoted.class, promoted -> promoted.modelName().equals("cifar10"), handled::add));

    assertThat(handled).isEmpty();
    assertThat(consumed("skipped")).isEqualTo(2.0);
  }

  @Test
  void theFirstHandlerThatTakesTheEventHandlesIt() {
    RunFailed failed = new RunFailed("run-1", "boom", null);
    List<Object> cancels = new ArrayList<>();

    receiver.receive(
        record(failed),
        Outcome.FAILED,
        on(RunCancelRequested.class, cancels::add),
        on(RunFailed.class, handled::add));

    assertThat(cancels).isEmpty();
    assertThat(handled).containsExactly(failed);
    assertThat(consumed("processed")).isEqualTo(1.0);
  }

  @Test
  void anInvalidRecordThrowsOnForTheChannelAndIsCountedAsItsFailureStrategySays() {
    ConsumerRecord<String, byte[]> junk =
        new ConsumerRecord<>("dataset.requests", 0, 7L, "poison", "not an event".getBytes());

    assertThatThrownBy(
            () ->
                receiver.receive(
                    junk, Outcome.DEAD_LETTERED, on(RunCancelRequested.class, handled::add)))
        .isInstanceOf(InvalidEventException.class)
        .hasMessage("not a CloudEvents 1.0 message: header ce_specversion is absent");
    assertThat(consumed("dead-lettered")).isEqualTo(1.0);
    assertThat(OTEL.getSpans().get(0).getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
  }

  @Test
  void aHandlerThatThrowsFailsTheSpanAndIsCounted() {
    ConsumerRecord<String, byte[]> cancel = record(new RunCancelRequested("run-1", "enough"));

    assertThatThrownBy(
            () ->
                receiver.receive(
                    cancel,
                    Outcome.FAILED,
                    on(
                        RunCancelRequested.class,
                        event -> {
                          throw new IllegalStateException("no such run");
                        })))
        .hasMessage("no such run");
    assertThat(consumed("failed")).isEqualTo(1.0);
    assertThat(OTEL.getSpans().get(0).getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
  }

  private double consumed(String outcome) {
    return meters.find(EventMetrics.CONSUMED).tag("outcome", outcome).counters().stream()
        .mapToDouble(counter -> counter.count())
        .sum();
  }

  private static ConsumerRecord<String, byte[]> record(Event event) {
    ProducerRecord<String, byte[]> sent = CloudEventsKafka.toRecord(event, "/stride/test");
    return new ConsumerRecord<>(
        sent.topic(),
        0,
        3L,
        ConsumerRecord.NO_TIMESTAMP,
        TimestampType.NO_TIMESTAMP_TYPE,
        ConsumerRecord.NULL_SIZE,
        ConsumerRecord.NULL_SIZE,
        sent.key(),
        sent.value(),
        sent.headers(),
        Optional.empty());
  }
}
