package dev.stride.observability;

import dev.stride.contracts.events.EventType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Counts the events a service reads and writes, under one naming scheme for every service: {@code
 * stride_events_consumed_total{topic,type,outcome}} and {@code
 * stride_events_published_total{topic,type}}. The type is the record's {@code ce_type} header,
 * {@code none} without one and {@code other} for a type Stride does not know, so an outside record
 * that is no Stride event is counted too.
 */
@Singleton
public final class EventMetrics {

  /** What became of a consumed record. */
  public enum Outcome {
    /** handled: it changed something, or confirmed that it had */
    PROCESSED("processed"),
    /** not this consumer's business (another type, another model) */
    SKIPPED("skipped"),
    /** its handler threw; the channel's failure strategy decides what follows */
    FAILED("failed"),
    /** not a usable event: copied to the topic's {@code .dlq} */
    DEAD_LETTERED("dead-lettered");

    private final String label;

    Outcome(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  public static final String CONSUMED = "stride.events.consumed";
  public static final String PUBLISHED = "stride.events.published";
  static final String NO_TYPE = "none";
  static final String OTHER_TYPE = "other";

  private final MeterRegistry registry;

  @Inject
  public EventMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public void consumed(ConsumerRecord<?, ?> record, Outcome outcome) {
    Counter.builder(CONSUMED)
        .description("Kafka records read, by topic, CloudEvents type and outcome")
        .tag("topic", record.topic())
        .tag("type", type(record.headers()))
        .tag("outcome", outcome.label())
        .register(registry)
        .increment();
  }

  /**
   * Runs {@code handler} on {@code record} and counts its outcome. A handler that throws counts as
   * {@code ifThrown}, what the channel's failure strategy makes of it ({@link
   * Outcome#DEAD_LETTERED} under SmallRye's {@code dead-letter-queue}, {@link Outcome#FAILED}
   * otherwise), and the exception goes on.
   */
  public void consume(ConsumerRecord<?, ?> record, Outcome ifThrown, Supplier<Outcome> handler) {
    Outcome outcome;
    try {
      outcome = handler.get();
    } catch (RuntimeException | Error e) {
      consumed(record, ifThrown);
      throw e;
    }
    consumed(record, outcome);
  }

  /** Counts a record the broker has taken. */
  public void published(ProducerRecord<?, ?> record) {
    Counter.builder(PUBLISHED)
        .description("Kafka records written and acknowledged, by topic and CloudEvents type")
        .tag("topic", record.topic())
        .tag("type", type(record.headers()))
        .register(registry)
        .increment();
  }

  /**
   * The record's type if Stride knows it; {@code none} without a type, {@code other} for any other
   * type, so that an outside producer's types cannot grow the number of series without bound.
   */
  static String type(Headers headers) {
    Header type = headers.lastHeader("ce_type");
    if (type == null || type.value() == null) {
      return NO_TYPE;
    }
    String name = new String(type.value(), StandardCharsets.UTF_8);
    return EventType.ofType(name).isPresent() ? name : OTHER_TYPE;
  }
}
