package dev.stride.data;

import java.awt.Color;
import java.util.List;
import java.util.Random;

/**
 * Learnable CIFAR-shaped data for tests and offline demos: each image is a striped blob on a noisy
 * dark background. A class fixes the blob's hue and the stripes' angle; position, size, stripe
 * phase, brightness and noise vary per image. Same seed, same bytes.
 */
public final class SyntheticCifar {

  /** The classes are named after their hues. */
  public static final List<String> CLASS_NAMES =
      List.of(
          "red", "orange", "yellow", "lime", "green", "teal", "cyan", "blue", "violet", "magenta");

  private static final int CLASSES = CLASS_NAMES.size();

  private SyntheticCifar() {}

  /** {@code count} images with labels cycling through the classes in a seeded random order. */
  public static ImageSet generate(int count, long seed) {
    Random random = new Random(seed);
    byte[] labels = new byte[count];
    byte[] pixels = new byte[count * ImageSet.IMAGE_BYTES];
    for (int i = 0; i < count; i++) {
      int label = random.nextInt(CLASSES);
      labels[i] = (byte) label;
      draw(label, random, pixels, i * ImageSet.IMAGE_BYTES);
    }
    return new ImageSet(labels, pixels);
  }

  private static void draw(int label, Random random, byte[] out, int offset) {
    float[] rgb =
        Color.getHSBColor(label / (float) CLASSES, 0.8f, 0.9f).getRGBColorComponents(null);
    double angle = Math.PI * label / CLASSES;
    double cos = Math.cos(angle);
    double sin = Math.sin(angle);
    double period = 5 + random.nextDouble() * 3;
    double phase = random.nextDouble() * 2 * Math.PI;
    double cx = 16 + random.nextGaussian() * 3;
    double cy = 16 + random.nextGaussian() * 3;
    double radius = 8 + random.nextDouble() * 5;
    double brightness = 0.75 + random.nextDouble() * 0.25;
    double background = 0.1 + random.nextDouble() * 0.25;

    for (int y = 0; y < ImageSet.HEIGHT; y++) {
      for (int x = 0; x < ImageSet.WIDTH; x++) {
        double dx = x - cx;
        double dy = y - cy;
        // 1 inside the blob, 0 outside, with a soft one-pixel edge
        double inside = Math.max(0, Math.min(1, radius - Math.sqrt(dx * dx + dy * dy)));
        double stripes = 0.7 + 0.3 * Math.sin(2 * Math.PI * (dx * cos + dy * sin) / period + phase);
        for (int c = 0; c < ImageSet.CHANNELS; c++) {
          double value =
              inside * rgb[c] * stripes * brightness
                  + (1 - inside) * background
                  + random.nextGaussian() * 0.05;
          int v = (int) Math.round(Math.max(0, Math.min(1, value)) * 255);
          out[offset + c * ImageSet.PLANE + y * ImageSet.WIDTH + x] = (byte) v;
        }
      }
    }
  }
}
