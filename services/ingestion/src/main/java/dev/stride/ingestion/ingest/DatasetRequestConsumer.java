package dev.stride.ingestion.ingest;

import static dev.stride.messaging.EventReceiver.on;

import dev.stride.contracts.events.DatasetIngestRequested;
import dev.stride.messaging.EventReceiver;
import dev.stride.observability.EventMetrics.Outcome;
import dev.stride.observability.LogContext;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Ingest commands from {@code dataset.requests}. A record that is not a valid request fails here
 * and goes to {@code dataset.requests.dlq} with the reason; the channel goes on.
 */
@ApplicationScoped
public class DatasetRequestConsumer {

  @Inject DatasetIngestor ingestor;
  @Inject EventReceiver receiver;

  @Incoming("dataset-requests")
  @Blocking
  public void onDatasetIngestRequested(ConsumerRecord<String, byte[]> record) {
    // what throws here is dead-lettered (failure-strategy=dead-letter-queue)
    receiver.receive(record, Outcome.DEAD_LETTERED, on(DatasetIngestRequested.class, this::ingest));
  }

  private void ingest(DatasetIngestRequested request) {
    try (LogContext context = LogContext.ofDataset(request.datasetId())) {
      ingestor.ingest(request);
    }
  }
}
