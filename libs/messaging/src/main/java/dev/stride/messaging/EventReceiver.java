package dev.stride.messaging;

import dev.stride.contracts.events.Envelope;
import dev.stride.contracts.events.Event;
import dev.stride.observability.EventMetrics;
import dev.stride.observability.EventMetrics.Outcome;
import dev.stride.observability.Tracing;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What every {@code @Incoming} method does with a record around its own handling: decode the
 * CloudEvent and check it against its schema, continue the producer's trace in a span of its own,
 * count the outcome. A service's consumer names the event type it wants and what to do with it:
 *
 * <pre>{@code
 * @Incoming("training-control")
 * @Blocking
 * public void onRunCancelRequested(ConsumerRecord<String, byte[]> record) {
 *   receiver.receive(record, Outcome.FAILED, RunCancelRequested.class, cancellations::cancel);
 * }
 * }</pre>
 *
 * <p>A record that is no valid event, or whose handler throws, throws on: the channel's {@code
 * failure-strategy} decides what follows ({@code dead-letter-queue} copies it to the topic's {@code
 * .dlq} with the reason), and {@code ifThrown} says how to count it ({@link Outcome#DEAD_LETTERED}
 * under that strategy).
 */
@Singleton
public class EventReceiver {

  private final EventMetrics metrics;
  private final Tracing tracing;

  @Inject
  public EventReceiver(EventMetrics metrics, Tracing tracing) {
    this.metrics = metrics;
    this.tracing = tracing;
  }

  /**
   * Hands the record's event to {@code handler} if it is a {@code type}; any other event, and a
   * type this version does not know, is skipped.
   */
  public <E extends Event> void receive(
      ConsumerRecord<String, byte[]> record, Outcome ifThrown, Class<E> type, Consumer<E> handler) {
    receive(record, ifThrown, type, event -> true, handler);
  }

  /** As above, skipping also the events of {@code type} that {@code wanted} refuses. */
  public <E extends Event> void receive(
      ConsumerRecord<String, byte[]> record,
      Outcome ifThrown,
      Class<E> type,
      Predicate<E> wanted,
      Consumer<E> handler) {
    receive(
        record,
        ifThrown,
        () -> {
          Optional<E> event =
              CloudEventsKafka.fromRecordIfKnown(record)
                  .map(Envelope::data)
                  .filter(type::isInstance)
                  .map(type::cast)
                  .filter(wanted);
          if (event.isEmpty()) {
            return Outcome.SKIPPED;
          }
          handler.accept(event.get());
          return Outcome.PROCESSED;
        });
  }

  /**
   * Runs {@code work}, which decodes the record itself, inside the record's span, and counts the
   * outcome it returns ({@code ifThrown} if it throws).
   */
  public void receive(ConsumerRecord<?, ?> record, Outcome ifThrown, Supplier<Outcome> work) {
    tracing.receive(record, () -> metrics.consume(record, ifThrown, work));
  }
}
