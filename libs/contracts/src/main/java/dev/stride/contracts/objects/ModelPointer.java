package dev.stride.contracts.objects;

import java.time.OffsetDateTime;

/**
 * {@code models/{modelName}/current.json}: the run and checkpoint the predictor serves under a
 * model name, the test accuracy it was measured at, and why it got the place ("better", "always",
 * "manual" or "rollback").
 */
public record ModelPointer(
    String modelName,
    String runId,
    String checkpointKey,
    String architecture,
    double testAccuracy,
    String previousRunId,
    String reason,
    OffsetDateTime promotedAt) {}
