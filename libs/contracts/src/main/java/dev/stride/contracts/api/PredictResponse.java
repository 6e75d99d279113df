package dev.stride.contracts.api;

import java.util.List;

/**
 * What {@code POST /api/v1/predict} answers: which model answered (its name and version, the run it
 * was trained in), and one prediction per picture, in the order sent.
 */
public record PredictResponse(String model, String runId, List<Prediction> predictions) {}
