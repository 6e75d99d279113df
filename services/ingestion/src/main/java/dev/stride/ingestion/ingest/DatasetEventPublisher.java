package dev.stride.ingestion.ingest;

import dev.stride.contracts.events.CloudEventsKafka;
import dev.stride.contracts.events.Event;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/**
 * Puts ingest requests and dataset events on Kafka as CloudEvents; each goes to its type's topic.
 */
@ApplicationScoped
public class DatasetEventPublisher {

  static final String SOURCE = "/stride/ingestion";

  @Inject
  @Channel("events")
  Emitter<ProducerRecord<String, byte[]>> emitter;

  /** Completes when the broker has the event. */
  public CompletionStage<Void> publish(Event event) {
    return emitter.send(CloudEventsKafka.toRecord(event, SOURCE));
  }
}
