package dev.stride.messaging;

import dev.stride.contracts.Topics;
import dev.stride.contracts.events.Event;
import dev.stride.observability.EventMetrics;
import dev.stride.observability.Tracing;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

/**
 * Puts events on Kafka as CloudEvents through the service's {@code events} channel: each on its
 * type's topic, keyed by its entity id, with the current trace, counted once the broker has it. A
 * service has one, a subclass that names its CloudEvents source:
 *
 * <pre>{@code
 * @ApplicationScoped
 * public class DatasetEventPublisher extends EventPublisher {
 *   DatasetEventPublisher() {
 *     super("/stride/ingestion");
 *   }
 * }
 * }</pre>
 *
 * <p>Code that only publishes may inject it by this type, as the evaluator's registry does.
 */
public abstract class EventPublisher {

  private static final Logger LOG = Logger.getLogger(EventPublisher.class);

  @Inject
  @Channel("events")
  MutinyEmitter<ProducerRecord<String, byte[]>> emitter;

  @Inject EventMetrics metrics;

  private final String source;

  /**
   * @param source the CloudEvents {@code source} of every event this service sends, a URI reference
   *     such as {@code /stride/trainer}
   */
  protected EventPublisher(String source) {
    this.source = source;
  }

  /** Returns once the broker has the event; throws if it refused it or timed out delivering it. */
  public void publish(Event event) {
    send(CloudEventsKafka.toRecord(event, source));
  }

  /**
   * Copies a record that is no usable event to its topic's {@code .dlq}, with the reason in the
   * headers SmallRye's dead-letter queue writes, for a consumer that reads Kafka itself rather than
   * through a channel with {@code failure-strategy=dead-letter-queue}.
   */
  public void deadLetter(ConsumerRecord<String, byte[]> record, String reason) {
    LOG.warnf(
        "dead-lettering %s-%d@%d: %s", record.topic(), record.partition(), record.offset(), reason);
    ProducerRecord<String, byte[]> dead =
        new ProducerRecord<>(
            Topics.deadLetter(record.topic()),
            null,
            record.key(),
            record.value(),
            record.headers());
    Headers headers = dead.headers();
    headers.add("dead-letter-reason", bytes(reason));
    headers.add("dead-letter-topic", bytes(record.topic()));
    headers.add("dead-letter-partition", bytes(Integer.toString(record.partition())));
    headers.add("dead-letter-offset", bytes(Long.toString(record.offset())));
    send(dead);
  }

  private void send(ProducerRecord<String, byte[]> record) {
    // the trace of the request or event that caused this one goes on with it
    Tracing.inject(record.headers());
    emitter.sendAndAwait(record);
    metrics.published(record);
  }

  private static byte[] bytes(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }
}
