package dev.stride.data;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SyntheticCifarTest {

  @Test
  void sameSeedSameBytesOtherSeedOtherBytes() {
    ImageSet a = SyntheticCifar.generate(20, 7);
    ImageSet b = SyntheticCifar.generate(20, 7);
    ImageSet c = SyntheticCifar.generate(20, 8);

    assertThat(a.pixels()).isEqualTo(b.pixels());
    assertThat(a.labels()).isEqualTo(b.labels());
    assertThat(a.pixels()).isNotEqualTo(c.pixels());
  }

  @Test
  void coversEveryClass() {
    int[] counts = SyntheticCifar.generate(1000, 3).classCounts(10);

    assertThat(java.util.Arrays.stream(counts).min().getAsInt()).isGreaterThan(70);
    assertThat(java.util.Arrays.stream(counts).max().getAsInt()).isLessThan(130);
  }

  /**
   * Learnable: even a nearest-mean-colour rule, far weaker than a ConvNet, separates the classes.
   */
  @Test
  void isLearnableFromColourAlone() {
    ImageSet train = SyntheticCifar.generate(1000, 1);
    ImageSet test = SyntheticCifar.generate(500, 2);
    double[][] centroids = new double[10][];
    int[] counts = train.classCounts(10);
    for (int k = 0; k < 10; k++) {
      centroids[k] = new double[3];
    }
    for (int i = 0; i < train.size(); i++) {
      double[] colour = topColour(train.image(i));
      for (int c = 0; c < 3; c++) {
        centroids[train.label(i)][c] += colour[c] / counts[train.label(i)];
      }
    }

    int correct = 0;
    for (int i = 0; i < test.size(); i++) {
      double[] colour = topColour(test.image(i));
      int best = 0;
      double bestDistance = Double.MAX_VALUE;
      for (int k = 0; k < 10; k++) {
        double d = 0;
        for (int c = 0; c < 3; c++) {
          d += Math.pow(colour[c] - centroids[k][c], 2);
        }
        if (d < bestDistance) {
          bestDistance = d;
          best = k;
        }
      }
      correct += best == test.label(i) ? 1 : 0;
    }

    assertThat(correct / (double) test.size()).isBetween(0.4, 0.75);
  }

  /** Mean colour of the brightest quarter of pixels: the blob. */
  private static double[] topColour(byte[] chw) {
    Integer[] order = new Integer[1024];
    for (int p = 0; p < 1024; p++) {
      order[p] = p;
    }
    java.util.Arrays.sort(order, (x, y) -> Integer.compare(luma(chw, y), luma(chw, x)));
    double[] colour = new double[3];
    for (int i = 0; i < 256; i++) {
      for (int c = 0; c < 3; c++) {
        colour[c] += Byte.toUnsignedInt(chw[c * 1024 + order[i]]) / 256.0;
      }
    }
    return colour;
  }

  private static int luma(byte[] chw, int p) {
    return Byte.toUnsignedInt(chw[p])
        + Byte.toUnsignedInt(chw[1024 + p])
        + Byte.toUnsignedInt(chw[2048 + p]);
  }
}
