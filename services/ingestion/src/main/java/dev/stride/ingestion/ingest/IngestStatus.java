package dev.stride.ingestion.ingest;

import dev.stride.contracts.events.DatasetProgressed;

/**
 * What this replica knows of a dataset it was asked to ingest: its state, the last progress, and
 * for a failure the reason, the HTTP status a synchronous caller would have got, file and offset.
 */
public record IngestStatus(
    String datasetId,
    State state,
    DatasetProgressed progress,
    String reason,
    Integer httpStatus,
    String file,
    Long offset) {

  public enum State {
    REQUESTED,
    INGESTING,
    INGESTED,
    FAILED
  }

  static IngestStatus of(String datasetId, State state) {
    return new IngestStatus(datasetId, state, null, null, null, null, null);
  }
}
