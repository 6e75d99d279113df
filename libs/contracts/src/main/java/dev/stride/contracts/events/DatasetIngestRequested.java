package dev.stride.contracts.events;

/**
 * A command on {@code dataset.requests}: ingest a dataset from {@code source} under {@code
 * datasetId}. Ingesting an id that exists changes nothing.
 */
public record DatasetIngestRequested(String datasetId, DatasetSource source) implements Event {

  public DatasetIngestRequested {
    Checks.id(datasetId, "datasetId");
    Checks.required(source, "source");
  }

  @Override
  public String key() {
    return datasetId;
  }
}
