package dev.stride.ingestion.ingest;

/** What this replica knows of a dataset it was asked to ingest. */
public record IngestStatus(String datasetId, State state, String reason) {

  public enum State {
    REQUESTED,
    INGESTING,
    INGESTED,
    FAILED
  }
}
