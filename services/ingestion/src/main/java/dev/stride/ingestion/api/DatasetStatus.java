package dev.stride.ingestion.api;

import dev.stride.contracts.objects.DatasetManifest;

/**
 * What {@code GET /api/v1/datasets/{id}} answers: the state, the reason of a failure, and the
 * manifest once ingested.
 */
public record DatasetStatus(
    String datasetId, String status, String reason, DatasetManifest manifest) {}
