package dev.stride.ingestion.api;

import dev.stride.contracts.events.DatasetSource;

/** Body of {@code POST /api/v1/datasets}: the source, and an id (derived from it if absent). */
public record IngestRequest(String datasetId, DatasetSource source) {}
