package dev.stride.trainer.requests;

import dev.stride.contracts.events.CloudEventsKafka;
import dev.stride.contracts.events.Envelope;
import dev.stride.contracts.events.RunCancelRequested;
import dev.stride.observability.EventMetrics;
import dev.stride.observability.EventMetrics.Outcome;
import dev.stride.observability.Tracing;
import dev.stride.trainer.run.Cancellations;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/** Cancels from {@code training.control}; every worker reads them all (a group of its own). */
@ApplicationScoped
public class ControlConsumer {

  private static final Logger LOG = Logger.getLogger(ControlConsumer.class);

  @Inject Cancellations cancellations;
  @Inject EventMetrics metrics;
  @Inject Tracing tracing;

  @Incoming("training-control")
  @Blocking
  public void onRunCancelRequested(ConsumerRecord<String, byte[]> record) {
    tracing.receive(record, () -> metrics.consume(record, Outcome.FAILED, () -> handle(record)));
  }

  private Outcome handle(ConsumerRecord<String, byte[]> record) {
    Optional<RunCancelRequested> cancel =
        CloudEventsKafka.fromRecordIfKnown(record)
            .map(Envelope::data)
            .filter(RunCancelRequested.class::isInstance)
            .map(RunCancelRequested.class::cast);
    if (cancel.isEmpty()) {
      return Outcome.SKIPPED;
    }
    LOG.infof("cancel asked for run %s: %s", cancel.get().runId(), cancel.get().reason());
    cancellations.cancel(cancel.get());
    return Outcome.PROCESSED;
  }
}
