package dev.stride.predictor.api;

import java.util.List;
import java.util.Map;

/**
 * One picture's answer: the most probable class, the top few, and every class's probability (in the
 * model's class order).
 */
public record Prediction(
    String label,
    double probability,
    List<ClassProbability> top,
    Map<String, Double> probabilities) {

  public record ClassProbability(String label, double probability) {}
}
