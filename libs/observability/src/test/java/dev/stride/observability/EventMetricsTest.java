package dev.stride.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stride.observability.EventMetrics.Outcome;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class EventMetricsTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final EventMetrics metrics = new EventMetrics(registry);

  @Test
  void countsConsumedRecordsByTopicTypeAndOutcome() {
    ConsumerRecord<String, byte[]> started = record("dev.stride.training.run-started.v1");
    metrics.consume(started, Outcome.FAILED, () -> Outcome.PROCESSED);
    metrics.consume(started, Outcome.FAILED, () -> Outcome.PROCESSED);
    metrics.consume(record(null), Outcome.FAILED, () -> Outcome.SKIPPED);
    metrics.consume(record("com.example.thing.v1"), Outcome.FAILED, () -> Outcome.SKIPPED);
    metrics.consume(record("com.example.other.v9"), Outcome.FAILED, () -> Outcome.SKIPPED);
    assertThatThrownBy(
            () ->
                metrics.consume(
                    started,
                    Outcome.DEAD_LETTERED,
                    () -> {
                      throw new IllegalStateException("store down");
                    }))
        .hasMessage("store down");

    assertThat(consumed("dev.stride.training.run-started.v1", "processed")).isEqualTo(2.0);
    assertThat(consumed("none", "skipped")).isEqualTo(1.0);
    // outside types share one series
    assertThat(consumed("other", "skipped")).isEqualTo(2.0);
    assertThat(consumed("dev.stride.training.run-started.v1", "dead-lettered")).isEqualTo(1.0);
    assertThat(registry.find(EventMetrics.CONSUMED).counters()).hasSize(4);
  }

  @Test
  void countsPublishedRecordsByTopicAndType() {
    ProducerRecord<String, byte[]> record =
        new ProducerRecord<>("evaluation.events", "run-1", new byte[0]);
    record.headers().add("ce_type", bytes("dev.stride.evaluation.model-promoted.v1"));
    metrics.published(record);

    assertThat(
            registry
                .get(EventMetrics.PUBLISHED)
                .tags(
                    "topic", "evaluation.events", "type", "dev.stride.evaluation.model-promoted.v1")
                .counter()
                .count())
        .isEqualTo(1.0);
  }

  private double consumed(String type, String outcome) {
    return registry
        .get(EventMetrics.CONSUMED)
        .tags("topic", "training.events", "type", type, "outcome", outcome)
        .counter()
        .count();
  }

  private static ConsumerRecord<String, byte[]> record(String type) {
    ConsumerRecord<String, byte[]> record =
        new ConsumerRecord<>("training.events", 0, 7L, "run-1", new byte[0]);
    if (type != null) {
      record.headers().add("ce_type", bytes(type));
    }
    return record;
  }

  private static byte[] bytes(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }
}
