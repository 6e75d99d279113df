package dev.stride.ingestion.ingest;

import dev.stride.contracts.events.CloudEventsKafka;
import dev.stride.contracts.events.DatasetIngestRequested;
import dev.stride.contracts.events.Envelope;
import dev.stride.observability.EventMetrics;
import dev.stride.observability.EventMetrics.Outcome;
import dev.stride.observability.LogContext;
import dev.stride.observability.Tracing;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Ingest commands from {@code dataset.requests}. A record that is not a valid request fails here
 * and goes to {@code dataset.requests.dlq} with the reason; the channel goes on.
 */
@ApplicationScoped
public class DatasetRequestConsumer {

  private static final Logger LOG = Logger.getLogger(DatasetRequestConsumer.class);

  @Inject DatasetIngestor ingestor;
  @Inject EventMetrics metrics;
  @Inject Tracing tracing;

  @Incoming("dataset-requests")
  @Blocking
  public void onDatasetIngestRequested(ConsumerRecord<String, byte[]> record) {
    // what throws here is dead-lettered (failure-strategy=dead-letter-queue)
    tracing.receive(
        record, () -> metrics.consume(record, Outcome.DEAD_LETTERED, () -> handle(record)));
  }

  private Outcome handle(ConsumerRecord<String, byte[]> record) {
    Optional<Envelope> envelope = CloudEventsKafka.fromRecordIfKnown(record);
    if (envelope.isPresent() && envelope.get().data() instanceof DatasetIngestRequested request) {
      try (LogContext context = LogContext.ofDataset(request.datasetId())) {
        ingestor.ingest(request);
      }
      return Outcome.PROCESSED;
    }
    LOG.infof("skipping %s@%d: not an ingest request", record.topic(), record.offset());
    return Outcome.SKIPPED;
  }
}
