package dev.stride.trainer.requests;

import static dev.stride.messaging.EventReceiver.on;

import dev.stride.contracts.events.RunCancelRequested;
import dev.stride.messaging.EventReceiver;
import dev.stride.observability.EventMetrics.Outcome;
import dev.stride.trainer.run.Cancellations;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/** Cancels from {@code training.control}; every worker reads them all (a group of its own). */
@ApplicationScoped
public class ControlConsumer {

  private static final Logger LOG = Logger.getLogger(ControlConsumer.class);

  @Inject Cancellations cancellations;
  @Inject EventReceiver receiver;

  @Incoming("training-control")
  @Blocking
  public void onRunCancelRequested(ConsumerRecord<String, byte[]> record) {
    receiver.receive(record, Outcome.DEAD_LETTERED, on(RunCancelRequested.class, this::cancel));
  }

  private void cancel(RunCancelRequested cancel) {
    LOG.infof("cancel asked for run %s: %s", cancel.runId(), cancel.reason());
    cancellations.cancel(cancel);
  }
}
