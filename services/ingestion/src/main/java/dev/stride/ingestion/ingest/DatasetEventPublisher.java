package dev.stride.ingestion.ingest;

import dev.stride.contracts.events.CloudEventsKafka;
import dev.stride.contracts.events.Event;
import dev.stride.observability.EventMetrics;
import dev.stride.observability.Tracing;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;

/**
 * Puts ingest requests and dataset events on Kafka as CloudEvents; each goes to its type's topic.
 */
@ApplicationScoped
public class DatasetEventPublisher {

  static final String SOURCE = "/stride/ingestion";

  @Inject
  @Channel("events")
  MutinyEmitter<ProducerRecord<String, byte[]>> emitter;

  @Inject EventMetrics metrics;

  /** Returns once the broker has the event; throws if it refused it or timed out delivering it. */
  public void publish(Event event) {
    ProducerRecord<String, byte[]> record = CloudEventsKafka.toRecord(event, SOURCE);
    // the trace of the request or event that caused this one goes on with it
    Tracing.inject(record.headers());
    emitter.sendAndAwait(record);
    metrics.published(record);
  }
}
