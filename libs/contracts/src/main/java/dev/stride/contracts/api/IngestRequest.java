package dev.stride.contracts.api;

import dev.stride.contracts.events.DatasetSource;
import dev.stride.contracts.events.SplitSpec;

/**
 * Body of {@code POST /api/v1/datasets}, the same fields as a dataset.requests event: the source
 * (the canonical CIFAR-10 download if absent), an id (derived from the source if absent), and how
 * to split.
 */
public record IngestRequest(String datasetId, DatasetSource source, SplitSpec split) {}
