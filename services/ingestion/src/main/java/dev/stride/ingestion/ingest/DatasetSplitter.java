package dev.stride.ingestion.ingest;

import dev.stride.contracts.events.SplitSpec;
import dev.stride.data.ImageSet;
import dev.stride.data.Splits;
import java.util.Arrays;
import java.util.Random;

/**
 * Divides an archive's images into train, validation and test as a {@link SplitSpec} says, keeping
 * CIFAR-100's coarse labels beside their images.
 */
final class DatasetSplitter {

  /** Images and (when there are any) coarse labels in the same order. */
  record Part(ImageSet images, byte[] coarse) {

    Part select(int[] indices) {
      return new Part(images.select(indices), coarse == null ? null : pick(coarse, indices));
    }
  }

  /** The three splits. */
  record Result(Part train, Part validation, Part test) {}

  private DatasetSplitter() {}

  /**
   * @param test the archive's test split, or null to hold one out of {@code train}
   * @param groupedByClass whether the images come sorted by class (an image folder): then the
   *     notebook's "last images" would be one class only, and a seeded random fifth is held out
   * @throws IngestException if a split would be empty
   */
  static Result split(Part train, Part test, SplitSpec spec, boolean groupedByClass)
      throws IngestException {
    if (test == null) {
      int[][] parts = holdOut(train.images().size(), spec.testFractionOrDefault(), spec.seed() + 1);
      test = train.select(parts[1]);
      train = train.select(parts[0]);
    }
    int n = train.images().size();
    int[][] parts;
    if (spec.validationFraction() != null) {
      parts = holdOut(n, spec.validationFraction(), spec.seed());
    } else if (groupedByClass) {
      parts = holdOut(n, 0.2, spec.seed());
    } else {
      // the notebook: the last images, in order
      int validation = Splits.defaultValidationSize(n);
      parts = new int[][] {range(0, n - validation), range(n - validation, n)};
    }
    if (parts[0].length == 0 || parts[1].length == 0 || test.images().size() == 0) {
      throw new IngestException(
          422,
          "too few images to split: "
              + n
              + " for training and validation, "
              + test.images().size()
              + " for test");
    }
    return new Result(train.select(parts[0]), train.select(parts[1]), test);
  }

  /**
   * A seeded random {@code fraction} of 0..n-1 (second array) and the rest (first), both sorted.
   */
  static int[][] holdOut(int n, double fraction, long seed) {
    int held = (int) Math.round(n * fraction);
    int[] order = range(0, n);
    Random random = new Random(seed);
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    int[] out = Arrays.copyOfRange(order, 0, held);
    int[] keep = Arrays.copyOfRange(order, held, n);
    Arrays.sort(out);
    Arrays.sort(keep);
    return new int[][] {keep, out};
  }

  private static int[] range(int from, int to) {
    int[] r = new int[to - from];
    for (int i = 0; i < r.length; i++) {
      r[i] = from + i;
    }
    return r;
  }

  private static byte[] pick(byte[] values, int[] indices) {
    byte[] out = new byte[indices.length];
    for (int i = 0; i < indices.length; i++) {
      out[i] = values[indices[i]];
    }
    return out;
  }
}
