package dev.stride.contracts.objects;

import java.time.OffsetDateTime;

/**
 * {@code models/{modelName}/current.json}: the run and checkpoint the predictor serves under a
 * model name, and the test accuracy that earned it the place.
 */
public record ModelPointer(
    String modelName,
    String runId,
    String checkpointKey,
    String architecture,
    double testAccuracy,
    String previousRunId,
    OffsetDateTime promotedAt) {}
