package dev.stride.console.registry;

import dev.stride.messaging.CloudEventsKafka;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * The owner of {@code dataset.events.dlq}: the console is the only reader of dataset.events, so it
 * dead-letters what no one can read. This channel is separate from the registry's replay: its group
 * ({@code console}) is shared by every replica and commits its offsets, so each poison record is
 * dead-lettered once, not again on every start of every replica. A record that is no valid event
 * throws here, and SmallRye's dead-letter queue copies it with the reason in its headers.
 */
@ApplicationScoped
public class DatasetEventsConsumer {

  @Incoming("dataset-events")
  public void onDatasetEvent(ConsumerRecord<String, byte[]> record) {
    // the event itself reaches the registry through RegistryConsumer; here it only has to be valid
    CloudEventsKafka.fromRecordIfKnown(record);
  }
}
