package dev.stride.contracts.api;

import java.util.List;
import java.util.Map;

/**
 * One picture's answer: the most probable class, the top few, and every class's probability (in the
 * model's class order).
 *
 * @param image the picture's file or part name when it was sent as a multipart part, else null
 * @param runId the model version (training run) that answered this picture
 */
public record Prediction(
    String image,
    String runId,
    String label,
    double probability,
    List<ClassProbability> top,
    Map<String, Double> probabilities) {

  public record ClassProbability(String label, double probability) {}
}
