package dev.stride.contracts.events;

/**
 * Ingestion of a dataset failed; nothing of it is visible. {@code file} and {@code offset} locate
 * the problem inside an archive when there is one.
 */
public record DatasetFailed(String datasetId, String reason, String file, Long offset)
    implements Event {

  public DatasetFailed {
    Checks.required(datasetId, "datasetId");
    Checks.required(reason, "reason");
  }

  @Override
  public String key() {
    return datasetId;
  }
}
