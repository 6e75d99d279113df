package dev.stride.ingestion.ingest;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The ingests this replica has seen, for the status endpoint. A finished dataset's manifest in the
 * store is the lasting record; this only covers the time before it exists, and failures.
 */
@ApplicationScoped
public class IngestStatuses {

  private final ConcurrentMap<String, IngestStatus> statuses = new ConcurrentHashMap<>();

  public void set(String datasetId, IngestStatus.State state, String reason) {
    statuses.put(datasetId, new IngestStatus(datasetId, state, reason));
  }

  /** Marks the dataset as being ingested; false if it already is (the caller then joins it). */
  boolean start(String datasetId) {
    IngestStatus ingesting = new IngestStatus(datasetId, IngestStatus.State.INGESTING, null);
    IngestStatus previous = statuses.put(datasetId, ingesting);
    return previous == null || previous.state() != IngestStatus.State.INGESTING;
  }

  public Optional<IngestStatus> get(String datasetId) {
    return Optional.ofNullable(statuses.get(datasetId));
  }
}
