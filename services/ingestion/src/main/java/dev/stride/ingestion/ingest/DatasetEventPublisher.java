package dev.stride.ingestion.ingest;

import dev.stride.messaging.EventPublisher;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Puts ingest requests and dataset events on Kafka as CloudEvents; each goes to its type's topic.
 */
@ApplicationScoped
public class DatasetEventPublisher extends EventPublisher {

  DatasetEventPublisher() {
    super("/stride/ingestion");
  }
}
