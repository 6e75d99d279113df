package dev.stride.nn.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * The notebook's question, answered: which predictions were correct or incorrect with high or low
 * confidence (the probability of the predicted class), how many, and at what mean loss. Confidence
 * between the two thresholds belongs to no case.
 */
public final class ConfidenceCases {

  /** The four cases, in the notebook's order. */
  public enum Case {
    CORRECT_HIGH("correct, high confidence"),
    CORRECT_LOW("correct, low confidence"),
    INCORRECT_HIGH("incorrect, high confidence"),
    INCORRECT_LOW("incorrect, low confidence");

    private final String title;

    Case(String title) {
      this.title = title;
    }

    public String title() {
      return title;
    }
  }

  /**
   * One case: its examples (indices, most confident first for high cases, least for low ones),
   * their count and mean loss (NaN when empty).
   */
  public record Group(Case kind, int count, double meanLoss, List<Integer> examples) {}

  private ConfidenceCases() {}

  /**
   * @param high a confidence at or above this is high (the notebook's cases suggest 0.8)
   * @param low a confidence below this is low (0.5)
   */
  public static List<Group> of(Classification scores, double high, double low) {
    if (!(low <= high)) {
      throw new IllegalArgumentException(
          "the low threshold " + low + " is above the high one " + high);
    }
    List<Group> groups = new ArrayList<>();
    for (Case kind : Case.values()) {
      List<Integer> members = new ArrayList<>();
      double loss = 0;
      for (int i = 0; i < scores.examples(); i++) {
        if (belongs(kind, scores, i, high, low)) {
          members.add(i);
          loss += scores.loss(i);
        }
      }
      boolean confident = kind == Case.CORRECT_HIGH || kind == Case.INCORRECT_HIGH;
      members.sort(
          (a, b) ->
              confident
                  ? Double.compare(scores.confidence(b), scores.confidence(a))
                  : Double.compare(scores.confidence(a), scores.confidence(b)));
      groups.add(
          new Group(
              kind,
              members.size(),
              members.isEmpty() ? Double.NaN : loss / members.size(),
              members));
    }
    return groups;
  }

  private static boolean belongs(Case kind, Classification scores, int i, double high, double low) {
    boolean correct = scores.predicted(i) == scores.label(i);
    double confidence = scores.confidence(i);
    return switch (kind) {
      case CORRECT_HIGH -> correct && confidence >= high;
      case CORRECT_LOW -> correct && confidence < low;
      case INCORRECT_HIGH -> !correct && confidence >= high;
      case INCORRECT_LOW -> !correct && confidence < low;
    };
  }
}
