package dev.stride.contracts.events;

/**
 * A command on {@code dataset.requests}: ingest a dataset from {@code source}. Without a dataset id
 * the ingestion service derives one from the source, so the same source yields the same id.
 */
public record DatasetIngestRequested(String datasetId, DatasetSource source) implements Event {

  public DatasetIngestRequested {
    if (datasetId != null) {
      Checks.id(datasetId, "datasetId");
    }
    Checks.required(source, "source");
  }

  @Override
  public String key() {
    return datasetId;
  }
}
