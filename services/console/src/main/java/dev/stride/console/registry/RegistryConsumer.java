package dev.stride.console.registry;

import dev.stride.contracts.events.Envelope;
import dev.stride.contracts.events.InvalidEventException;
import dev.stride.contracts.events.UnknownEventTypeException;
import dev.stride.messaging.CloudEventsKafka;
import dev.stride.messaging.EventReceiver;
import dev.stride.observability.EventMetrics.Outcome;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Feeds {@code training.requests}, {@code training.events}, {@code evaluation.events} and {@code
 * dataset.events} into the {@link RunRegistry}, from the first offset on every start. A record that
 * is no Stride event is logged and skipped: the registry is a view, and the producers' own
 * consumers dead-letter such records already.
 */
@ApplicationScoped
public class RegistryConsumer {

  private static final Logger LOG = Logger.getLogger(RegistryConsumer.class);

  @Inject RunRegistry registry;
  @Inject EventReceiver receiver;
  @Inject ReplayProgress replay;

  @Incoming("registry-events")
  public void onEvent(ConsumerRecord<String, byte[]> record) {
    try {
      receiver.receive(record, Outcome.FAILED, () -> apply(record));
    } finally {
      replay.read(record.topic(), record.partition(), record.offset());
    }
  }

  private Outcome apply(ConsumerRecord<String, byte[]> record) {
    Envelope envelope;
    try {
      envelope = CloudEventsKafka.fromRecord(record);
    } catch (UnknownEventTypeException e) {
      LOG.infof("skipped %s at %s: %s", record.topic(), position(record), e.getMessage());
      return Outcome.SKIPPED;
    } catch (InvalidEventException e) {
      LOG.warnf("skipped %s at %s: %s", record.topic(), position(record), e.getMessage());
      return Outcome.SKIPPED;
    }
    // ce_time is optional in CloudEvents; the broker's timestamp is the next best thing
    Instant time =
        envelope.time() != null
            ? envelope.time().toInstant()
            : Instant.ofEpochMilli(record.timestamp());
    registry.apply(envelope.data(), time);
    return Outcome.PROCESSED;
  }

  private static String position(ConsumerRecord<String, byte[]> record) {
    return record.partition() + "/" + record.offset() + " (key " + record.key() + ")";
  }
}
