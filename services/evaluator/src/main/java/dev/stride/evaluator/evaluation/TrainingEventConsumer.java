package dev.stride.evaluator.evaluation;

import static dev.stride.messaging.EventReceiver.on;

import dev.stride.contracts.events.RunCompleted;
import dev.stride.messaging.EventReceiver;
import dev.stride.observability.EventMetrics.Outcome;
import dev.stride.observability.LogContext;
import dev.stride.observability.Traced;
import dev.stride.observability.Tracing;
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
  @Inject EventReceiver receiver;
  @Inject Tracing tracing;

  @Incoming("training-events")
  @Blocking
  public void onTrainingEvent(ConsumerRecord<String, byte[]> record) {
    // what throws here is dead-lettered (failure-strategy=dead-letter-queue)
    receiver.receive(record, Outcome.DEAD_LETTERED, on(RunCompleted.class, this::evaluate));
  }

  private void evaluate(RunCompleted run) {
    try (LogContext context = LogContext.ofRun(run.runId(), run.datasetId());
        Traced span = tracing.span("evaluation").attribute("stride.run_id", run.runId())) {
      try {
        evaluator.onRunCompleted(run);
      } catch (RuntimeException e) {
        span.failed(e);
        throw e;
      }
    }
  }
}
