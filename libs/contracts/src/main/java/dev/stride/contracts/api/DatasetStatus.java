package dev.stride.contracts.api;

import dev.stride.contracts.events.DatasetProgressed;
import dev.stride.contracts.objects.DatasetManifest;

/**
 * What {@code GET /api/v1/datasets/{id}} answers: the state (requested, ingesting, ingested,
 * failed), the last progress while it runs, the reason of a failure with the HTTP status it maps to
 * and where in the archive, and the manifest once ingested.
 */
public record DatasetStatus(
    String datasetId,
    String status,
    DatasetProgressed progress,
    String reason,
    Integer httpStatus,
    String file,
    Long offset,
    DatasetManifest manifest) {

  public static DatasetStatus of(String datasetId, String status) {
    return new DatasetStatus(datasetId, status, null, null, null, null, null, null);
  }
}
