package dev.stride.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stride.contracts.events.RunFailed;
import dev.stride.observability.EventMetrics;
import dev.stride.observability.Traced;
import dev.stride.observability.Tracing;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.smallrye.reactive.messaging.MutinyEmitter;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

class EventPublisherTest {

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final List<ProducerRecord<String, byte[]>> sent = new ArrayList<>();
  private RuntimeException refusal;
  private final EventPublisher publisher = new EventPublisher("/stride/test") {};

  EventPublisherTest() {
    publisher.emitter = emitter();
    publisher.metrics = new EventMetrics(meters);
  }

  @Test
  void sendsTheEventAsACloudEventFromItsSourceAndCountsIt() {
    publisher.publish(new RunFailed("run-1", "boom", null));

    assertThat(sent).hasSize(1);
    ProducerRecord<String, byte[]> record = sent.get(0);
    assertThat(record.topic()).isEqualTo("training.events");
    assertThat(record.key()).isEqualTo("run-1");
    assertThat(header(record, "ce_source")).isEqualTo("/stride/test");
    assertThat(header(record, "ce_type")).isEqualTo("dev.stride.training.run-failed.v1");
    assertThat(header(record, Tracing.TRACEPARENT)).isNull();
    assertThat(published()).isEqualTo(1.0);
  }

  @Test
  void theCurrentTraceGoesOnWithTheEvent() {
    try (OpenTelemetrySdk sdk =
            OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().build())
                .build();
        Traced span = new Tracing(sdk).span("POST /api/v1/runs")) {
      publisher.publish(new RunFailed("run-1", "boom", null));

      assertThat(header(sent.get(0), Tracing.TRACEPARENT))
          .contains(span.span().getSpanContext().getTraceId());
    }
  }

  @Test
  void whatTheBrokerRefusesThrowsAndIsNotCounted() {
    refusal = new IllegalStateException("timed out");

    assertThatThrownBy(() -> publisher.publish(new RunFailed("run-1", "boom", null)))
        .isSameAs(refusal);
    assertThat(published()).isZero();
  }

  @Test
  void aDeadLetterGoesToTheTopicsDlqWithTheReasonInSmallRyesHeaders() {
    ConsumerRecord<String, byte[]> poison =
        new ConsumerRecord<>("training.requests", 2, 41L, "run-9", "junk".getBytes());

    publisher.deadLetter(poison, "not a CloudEvents 1.0 message");

    ProducerRecord<String, byte[]> dead = sent.get(0);
    assertThat(dead.topic()).isEqualTo("training.requests.dlq");
    assertThat(dead.key()).isEqualTo("run-9");
    assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo("junk");
    assertThat(header(dead, "dead-letter-reason")).isEqualTo("not a CloudEvents 1.0 message");
    assertThat(header(dead, "dead-letter-topic")).isEqualTo("training.requests");
    assertThat(header(dead, "dead-letter-partition")).isEqualTo("2");
    assertThat(header(dead, "dead-letter-offset")).isEqualTo("41");
  }

  private double published() {
    return meters.find(EventMetrics.PUBLISHED).counters().stream()
        .mapToDouble(counter -> counter.count())
        .sum();
  }

  private static String header(ProducerRecord<String, byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  /** An emitter whose sendAndAwait keeps the record, or throws {@link #refusal} when set. */
  @SuppressWarnings("unchecked")
  private MutinyEmitter<ProducerRecord<String, byte[]>> emitter() {
    return (MutinyEmitter<ProducerRecord<String, byte[]>>)
        Proxy.newProxyInstance(
            MutinyEmitter.class.getClassLoader(),
            new Class<?>[] {MutinyEmitter.class},
            (proxy, method, args) -> {
              if (!method.getName().equals("sendAndAwait")) {
                throw new UnsupportedOperationException(method.getName());
              }
              if (refusal != null) {
                throw refusal;
              }
              sent.add((ProducerRecord<String, byte[]>) args[0]);
              return null;
            });
  }
}
