package dev.stride.evaluator.evaluation;

import dev.stride.contracts.events.CloudEventsKafka;
import dev.stride.contracts.events.Event;
import dev.stride.observability.EventMetrics;
import dev.stride.observability.Tracing;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;

/** Puts evaluation results and promotions on {@code evaluation.events}, keyed by run id. */
@ApplicationScoped
public class EvaluationEventPublisher {

  static final String SOURCE = "/stride/evaluator";

  @Inject
  @Channel("events")
  MutinyEmitter<ProducerRecord<String, byte[]>> emitter;

  @Inject EventMetrics metrics;

  /**
   * Returns once the broker has the event; throws otherwise, and the record that caused it is
   * retried.
   */
  public void publish(Event event) {
    ProducerRecord<String, byte[]> record = CloudEventsKafka.toRecord(event, SOURCE);
    // the trace of the request or event that caused this one goes on with it
    Tracing.inject(record.headers());
    emitter.sendAndAwait(record);
    metrics.published(record);
  }
}
