package dev.stride.contracts.api;

/**
 * Body of the evaluator's {@code POST /api/v1/models/{name}/promote}: the run, and which of its
 * evaluated checkpoints ("best" when absent).
 */
public record Promotion(String runId, String checkpoint) {}
