package dev.stride.predictor.model;

import static dev.stride.messaging.EventReceiver.on;

import dev.stride.contracts.events.ModelPromoted;
import dev.stride.messaging.EventReceiver;
import dev.stride.observability.EventMetrics.Outcome;
import dev.stride.observability.LogContext;
import dev.stride.observability.Traced;
import dev.stride.observability.Tracing;
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
  @Inject EventReceiver receiver;
  @Inject Tracing tracing;

  @Incoming("evaluation-events")
  @Blocking
  public void onEvaluationEvent(ConsumerRecord<String, byte[]> record) {
    receiver.receive(
        record,
        Outcome.DEAD_LETTERED,
        on(
            ModelPromoted.class,
            promoted -> promoted.modelName().equals(config.modelName()),
            this::install));
  }

  /** The registry entry is the truth: a late or repeated event cannot roll the model back. */
  private void install(ModelPromoted promoted) {
    try (LogContext context = LogContext.ofRun(promoted.runId(), null);
        Traced span =
            tracing
                .span("model install")
                .attribute("stride.run_id", promoted.runId())
                .attribute("stride.checkpoint_key", promoted.checkpointKey())) {
      server.refresh();
      span.attribute(
          "stride.served_run_id",
          server.current().map(model -> model.pointer().runId()).orElse(null));
    }
  }
}
