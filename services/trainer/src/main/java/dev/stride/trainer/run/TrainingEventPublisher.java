package dev.stride.trainer.run;

import dev.stride.contracts.events.CloudEventsKafka;
import dev.stride.contracts.events.Event;
import dev.stride.observability.EventMetrics;
import dev.stride.observability.Tracing;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;

/** Puts a run's events on {@code training.events} as CloudEvents, keyed by run id. */
@ApplicationScoped
public class TrainingEventPublisher {

  static final String SOURCE = "/stride/trainer";

  @Inject
  @Channel("events")
  MutinyEmitter<ProducerRecord<String, byte[]>> emitter;

  @Inject EventMetrics metrics;

  /**
   * Returns once the broker has the event, so that a request is only acknowledged after what it
   * caused is durable.
   *
   * @throws PublishException if the broker refused it or delivery timed out
   */
  public void publish(Event event) {
    send(CloudEventsKafka.toRecord(event, SOURCE));
  }

  /** Sends any record (a dead letter, say) the same way. */
  public void send(ProducerRecord<String, byte[]> record) {
    // the run's trace (the request's, when it came with one) goes on with its events
    Tracing.inject(record.headers());
    try {
      emitter.sendAndAwait(record);
      metrics.published(record);
    } catch (RuntimeException e) {
      throw new PublishException(
          "Kafka did not take a record for " + record.topic() + " (" + record.key() + ")", e);
    }
  }
}
