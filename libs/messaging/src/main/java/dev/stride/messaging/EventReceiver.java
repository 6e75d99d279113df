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
 * count the outcome. A service's consumer says which event types it handles and how; another type
 * on the same channel is one more {@code on(...)}:
 *
 * <pre>{@code
 * @Incoming("training-control")
 * @Blocking
 * public void onRunCancelRequested(ConsumerRecord<String, byte[]> record) {
 *   receiver.receive(record, Outcome.DEAD_LETTERED, on(RunCancelRequested.class, this::cancel));
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

  /** One event type a consumer handles: which of its events it wants, and what it does. */
  public record Handler<E extends Event>(
      Class<E> type, Predicate<? super E> wanted, Consumer<? super E> action) {

    /** Whether it took {@code event}. */
    boolean handle(Event event) {
      if (!type.isInstance(event) || !wanted.test(type.cast(event))) {
        return false;
      }
      action.accept(type.cast(event));
      return true;
    }
  }

  private final EventMetrics metrics;
  private final Tracing tracing;

  @Inject
  public EventReceiver(EventMetrics metrics, Tracing tracing) {
    this.metrics = metrics;
    this.tracing = tracing;
  }

  /** Every event of {@code type} goes to {@code action}. */
  public static <E extends Event> Handler<E> on(Class<E> type, Consumer<? super E> action) {
    return new Handler<>(type, event -> true, action);
  }

  /** The events of {@code type} that {@code wanted} accepts go to {@code action}. */
  public static <E extends Event> Handler<E> on(
      Class<E> type, Predicate<? super E> wanted, Consumer<? super E> action) {
    return new Handler<>(type, wanted, action);
  }

  /**
   * Hands the record's event to the first of {@code handlers} that takes it; an event none takes,
   * and a type this version does not know, is skipped.
   */
  public void receive(
      ConsumerRecord<String, byte[]> record, Outcome ifThrown, Handler<?>... handlers) {
    receive(
        record,
        ifThrown,
        () -> {
          Optional<Event> event = CloudEventsKafka.fromRecordIfKnown(record).map(Envelope::data);
          for (Handler<?> handler : handlers) {
            if (event.isPresent() && handler.handle(event.get())) {
              return Outcome.PROCESSED;
            }
          }
          return Outcome.SKIPPED;
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
