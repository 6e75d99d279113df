package dev.stride.predictor.api;

import java.util.List;

/**
 * What {@code POST /api/v1/predict} answers: which model answered, and one prediction per picture.
 */
public record PredictResponse(String model, String runId, List<Prediction> predictions) {}
