package dev.stride.console.registry;

import java.time.Instant;
import java.util.List;

/** An ingested dataset, as its DatasetIngested event announced it. */
public record DatasetView(
    String datasetId,
    String manifestKey,
    int train,
    int validation,
    int test,
    List<String> classNames,
    String checksum,
    Instant ingestedAt) {}
