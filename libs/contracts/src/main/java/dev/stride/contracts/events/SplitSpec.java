package dev.stride.contracts.events;

/**
 * How a dataset's training images are divided. Without a validation fraction, the notebook's rule:
 * the last 10,000 training images (the last fifth of a set smaller than 50,000) become the
 * validation set, in order. With one, that fraction is drawn at random with {@code seed}. {@code
 * testFraction} is held out the same way from an archive that has no test split (an image folder
 * without test/), 0.2 when absent.
 */
public record SplitSpec(Double validationFraction, Double testFraction, Long seed) {

  public SplitSpec {
    fraction(validationFraction, "split.validationFraction");
    fraction(testFraction, "split.testFraction");
    seed = seed == null ? 42L : seed;
  }

  /** The notebook's split. */
  public static SplitSpec notebook() {
    return new SplitSpec(null, null, null);
  }

  public double testFractionOrDefault() {
    return testFraction == null ? 0.2 : testFraction;
  }

  private static void fraction(Double value, String field) {
    if (value != null && !(value > 0 && value < 1)) {
      throw new InvalidFieldException(
          field, field + " must be between 0 and 1 (exclusive), was " + value);
    }
  }
}
