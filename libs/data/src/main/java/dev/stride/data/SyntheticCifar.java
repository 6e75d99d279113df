package dev.stride.data;

import java.awt.Color;
import java.util.List;
import java.util.Random;

/**
 * Learnable CIFAR-shaped data for tests and offline demos: each image is a striped blob on a noisy
 * background of random colour. A class fixes the blob's hue (jittered per image, so neighbouring
 * classes overlap a little) and the stripes' angle; position, size, saturation, brightness, stripe
 * phase and noise vary per image. Same seed, same bytes.
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
    // the class fixes a hue and a stripe angle; each image jitters the hue by up to a third of the
    // gap to the neighbouring classes, so neighbours are sometimes confused, as cat and dog are
    float hue = (label + (float) (random.nextGaussian() * 0.17)) / CLASSES;
    float saturation = 0.55f + 0.4f * random.nextFloat();
    float value = 0.6f + 0.4f * random.nextFloat();
    float[] rgb = Color.getHSBColor(hue, saturation, value).getRGBColorComponents(null);
    float[] ground =
        Color.getHSBColor(
                random.nextFloat(), 0.35f * random.nextFloat(), 0.1f + 0.45f * random.nextFloat())
            .getRGBColorComponents(null);
    double angle = Math.PI * label / CLASSES + random.nextGaussian() * 0.15;
    double cos = Math.cos(angle);
    double sin = Math.sin(angle);
    double period = 5 + random.nextDouble() * 3;
    double phase = random.nextDouble() * 2 * Math.PI;
    double cx = 16 + random.nextGaussian() * 4;
    double cy = 16 + random.nextGaussian() * 4;
    double radius = 6 + random.nextDouble() * 7;
    double noise = 0.04 + random.nextDouble() * 0.08;

    for (int y = 0; y < ImageSet.HEIGHT; y++) {
      for (int x = 0; x < ImageSet.WIDTH; x++) {
        double dx = x - cx;
        double dy = y - cy;
        // 1 inside the blob, 0 outside, with a soft one-pixel edge
        double inside = Math.max(0, Math.min(1, radius - Math.sqrt(dx * dx + dy * dy)));
        double stripes = 0.7 + 0.3 * Math.sin(2 * Math.PI * (dx * cos + dy * sin) / period + phase);
        for (int c = 0; c < ImageSet.CHANNELS; c++) {
          double pixel =
              inside * rgb[c] * stripes + (1 - inside) * ground[c] + random.nextGaussian() * noise;
          int v = (int) Math.round(Math.max(0, Math.min(1, pixel)) * 255);
          out[offset + c * ImageSet.PLANE + y * ImageSet.WIDTH + x] = (byte) v;
        }
      }
    }
  }
}
