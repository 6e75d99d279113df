package dev.stride.contracts.events;

/**
 * A command on {@code dataset.requests}: ingest a dataset from {@code source} under {@code
 * datasetId}, split per {@code split}. Ingesting an id that exists changes nothing. Without a
 * source, the ingestion service downloads the canonical CIFAR-10 archive.
 */
public record DatasetIngestRequested(String datasetId, DatasetSource source, SplitSpec split)
    implements Event {

  public DatasetIngestRequested {
    Checks.id(datasetId, "datasetId");
    split = split == null ? SplitSpec.notebook() : split;
  }

  public DatasetIngestRequested(String datasetId, DatasetSource source) {
    this(datasetId, source, null);
  }

  @Override
  public String key() {
    return datasetId;
  }
}
