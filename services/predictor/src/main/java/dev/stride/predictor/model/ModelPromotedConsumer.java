package dev.stride.predictor.model;

import dev.stride.contracts.events.CloudEventsKafka;
import dev.stride.contracts.events.Envelope;
import dev.stride.contracts.events.ModelPromoted;
import dev.stride.observability.EventMetrics;
import dev.stride.observability.EventMetrics.Outcome;
import dev.stride.observability.LogContext;
import dev.stride.observability.Traced;
import dev.stride.observability.Tracing;
import dev.stride.predictor.PredictorConfig;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
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
  @Inject Tracing tracing;

  @Incoming("evaluation-events")
  @Blocking
  public void onEvaluationEvent(ConsumerRecord<String, byte[]> record) {
    tracing.receive(record, () -> metrics.consume(record, Outcome.FAILED, () -> handle(record)));
  }

  private Outcome handle(ConsumerRecord<String, byte[]> record) {
    Optional<ModelPromoted> promotion =
        CloudEventsKafka.fromRecordIfKnown(record)
            .map(Envelope::data)
            .filter(ModelPromoted.class::isInstance)
            .map(ModelPromoted.class::cast)
            .filter(promoted -> promoted.modelName().equals(config.modelName()));
    if (promotion.isEmpty()) {
      return Outcome.SKIPPED;
    }
    // the registry entry is the truth: a late or repeated event cannot roll the model back
    try (LogContext context = LogContext.ofRun(promotion.get().runId(), null);
        Traced span =
            tracing
                .span("model install")
                .attribute("stride.run_id", promotion.get().runId())
                .attribute("stride.checkpoint_key", promotion.get().checkpointKey())) {
      server.refresh();
      span.attribute(
          "stride.served_run_id",
          server.current().map(model -> model.pointer().runId()).orElse(null));
    }
    return Outcome.PROCESSED;
  }
}
