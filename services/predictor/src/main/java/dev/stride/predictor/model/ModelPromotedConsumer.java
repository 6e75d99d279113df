package dev.stride.predictor.model;

import dev.stride.contracts.events.CloudEventsKafka;
import dev.stride.contracts.events.Envelope;
import dev.stride.contracts.events.ModelPromoted;
import dev.stride.observability.EventMetrics;
import dev.stride.observability.EventMetrics.Outcome;
import dev.stride.predictor.PredictorConfig;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Every replica reads every ModelPromoted (each has its own consumer group) and switches to the
 * promoted run when it is for the model name it serves.
 */
@ApplicationScoped
public class ModelPromotedConsumer {

  @Inject PredictorConfig config;
  @Inject ModelServer server;
  @Inject EventMetrics metrics;

  @Incoming("evaluation-events")
  @Blocking
  public void onEvaluationEvent(ConsumerRecord<String, byte[]> record) {
    metrics.consume(record, Outcome.FAILED, () -> handle(record));
  }

  private Outcome handle(ConsumerRecord<String, byte[]> record) {
    boolean promotion =
        CloudEventsKafka.fromRecordIfKnown(record)
            .map(Envelope::data)
            .filter(
                data ->
                    data instanceof ModelPromoted promoted
                        && promoted.modelName().equals(config.modelName()))
            .isPresent();
    if (promotion) {
      // the registry entry is the truth: a late or repeated event cannot roll the model back
      server.refresh();
      return Outcome.PROCESSED;
    }
    return Outcome.SKIPPED;
  }
}
