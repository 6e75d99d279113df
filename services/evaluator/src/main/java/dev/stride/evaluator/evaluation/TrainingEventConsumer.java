package dev.stride.evaluator.evaluation;

import dev.stride.contracts.events.CloudEventsKafka;
import dev.stride.contracts.events.Envelope;
import dev.stride.contracts.events.RunCompleted;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Reads {@code training.events} for RunCompleted; every other event of a run is not its business. A
 * record that is no valid event goes to {@code training.events.dlq} with the reason.
 */
@ApplicationScoped
public class TrainingEventConsumer {

  @Inject Evaluator evaluator;

  @Incoming("training-events")
  @Blocking
  public void onTrainingEvent(ConsumerRecord<String, byte[]> record) {
    CloudEventsKafka.fromRecordIfKnown(record)
        .map(Envelope::data)
        .filter(RunCompleted.class::isInstance)
        .ifPresent(completed -> evaluator.onRunCompleted((RunCompleted) completed));
  }
}
