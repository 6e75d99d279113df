package dev.stride.ingestion.ingest;

import dev.stride.contracts.events.DatasetProgressed;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The ingests this replica has seen, for the status endpoint. A finished dataset's manifest in the
 * store is the lasting record; this covers the time before it exists, progress and failures.
 */
@ApplicationScoped
public class IngestStatuses {

  private final ConcurrentMap<String, IngestStatus> statuses = new ConcurrentHashMap<>();

  public void requested(String datasetId) {
    statuses.putIfAbsent(datasetId, IngestStatus.of(datasetId, IngestStatus.State.REQUESTED));
  }

  /** Marks the dataset as being ingested; false if it already is (the caller then joins it). */
  boolean start(String datasetId) {
    IngestStatus previous =
        statuses.put(datasetId, IngestStatus.of(datasetId, IngestStatus.State.INGESTING));
    return previous == null || previous.state() != IngestStatus.State.INGESTING;
  }

  void progress(DatasetProgressed progress) {
    statuses.computeIfPresent(
        progress.datasetId(),
        (id, s) -> new IngestStatus(id, s.state(), progress, null, null, null, null));
  }

  void ingested(String datasetId) {
    statuses.put(datasetId, IngestStatus.of(datasetId, IngestStatus.State.INGESTED));
  }

  void failed(String datasetId, IngestException e) {
    statuses.put(
        datasetId,
        new IngestStatus(
            datasetId,
            IngestStatus.State.FAILED,
            null,
            e.getMessage(),
            e.status(),
            e.file(),
            e.offset()));
  }

  public Optional<IngestStatus> get(String datasetId) {
    return Optional.ofNullable(statuses.get(datasetId));
  }
}
