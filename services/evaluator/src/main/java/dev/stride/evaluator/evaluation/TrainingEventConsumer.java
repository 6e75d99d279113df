package dev.stride.evaluator.evaluation;

import dev.stride.contracts.events.CloudEventsKafka;
import dev.stride.contracts.events.Envelope;
import dev.stride.contracts.events.RunCompleted;
import dev.stride.contracts.events.UnknownEventTypeException;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reads {@code training.events} for RunCompleted; every other event of a run is not its business. A
 * record that is no valid event goes to {@code training.events.dlq} with the reason.
 */
@ApplicationScoped
public class TrainingEventConsumer {

  private static final Logger LOG = Logger.getLogger(TrainingEventConsumer.class);

  @Inject Evaluator evaluator;

  @Incoming("training-events")
  @Blocking
  public void onTrainingEvent(ConsumerRecord<String, byte[]> record) {
    Envelope envelope;
    try {
      envelope = CloudEventsKafka.fromRecord(record);
    } catch (UnknownEventTypeException e) {
      LOG.infof("skipping %s at offset %d: %s", record.topic(), record.offset(), e.getMessage());
      return;
    }
    if (envelope.data() instanceof RunCompleted completed) {
      evaluator.onRunCompleted(completed);
    }
  }
}
