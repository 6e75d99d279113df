package dev.stride.evaluator.evaluation;

import dev.stride.contracts.events.CloudEventsKafka;
import dev.stride.contracts.events.Event;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/** Puts evaluation results and promotions on {@code evaluation.events}, keyed by run id. */
@ApplicationScoped
public class EvaluationEventPublisher {

  static final String SOURCE = "/stride/evaluator";

  @Inject
  @Channel("events")
  Emitter<ProducerRecord<String, byte[]>> emitter;

  /**
   * Returns once the broker has the event; fails (and the triggering record is retried) otherwise.
   */
  public void publish(Event event) {
    try {
      emitter
          .send(CloudEventsKafka.toRecord(event, SOURCE))
          .toCompletableFuture()
          .get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while publishing " + event, e);
    } catch (Exception e) {
      throw new IllegalStateException("Kafka did not take " + event.getClass().getSimpleName(), e);
    }
  }
}
