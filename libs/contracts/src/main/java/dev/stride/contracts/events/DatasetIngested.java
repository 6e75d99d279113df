package dev.stride.contracts.events;

import java.util.List;

/** A dataset's shards and manifest are in the object store and ready to train on. */
public record DatasetIngested(
    String datasetId,
    String manifestKey,
    int train,
    int validation,
    int test,
    List<String> classNames,
    String checksum)
    implements Event {

  public DatasetIngested {
    Checks.id(datasetId, "datasetId");
    Checks.required(manifestKey, "manifestKey");
    classNames = List.copyOf(Checks.required(classNames, "classNames"));
  }

  @Override
  public String key() {
    return datasetId;
  }
}
