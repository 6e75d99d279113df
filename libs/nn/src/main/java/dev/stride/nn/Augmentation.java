package dev.stride.nn;

import dev.stride.data.ImageSet;
import java.util.Random;

/**
 * The standard CIFAR augmentation, applied to training batches only: a random 32×32 crop of the
 * image padded with 4 black pixels on every side, and a horizontal flip half of the time.
 */
public record Augmentation(boolean randomCrop, boolean horizontalFlip) {

  public static final int PAD = 4;

  public static Augmentation none() {
    return new Augmentation(false, false);
  }

  public boolean any() {
    return randomCrop || horizontalFlip;
  }

  /** Augments one CHW image in place, drawing from {@code random}. */
  void apply(byte[] chw, int offset, Random random, byte[] scratch) {
    int dx = randomCrop ? random.nextInt(2 * PAD + 1) - PAD : 0;
    int dy = randomCrop ? random.nextInt(2 * PAD + 1) - PAD : 0;
    boolean flip = horizontalFlip && random.nextBoolean();
    if (dx == 0 && dy == 0 && !flip) {
      return;
    }
    System.arraycopy(chw, offset, scratch, 0, ImageSet.IMAGE_BYTES);
    for (int c = 0; c < ImageSet.CHANNELS; c++) {
      int plane = c * ImageSet.PLANE;
      for (int y = 0; y < ImageSet.HEIGHT; y++) {
        int sy = y + dy;
        for (int x = 0; x < ImageSet.WIDTH; x++) {
          // output (x, y) shows source (sx, sy) of the padded image; outside it is black padding
          int sx = (flip ? ImageSet.WIDTH - 1 - x : x) + dx;
          boolean inside = sx >= 0 && sx < ImageSet.WIDTH && sy >= 0 && sy < ImageSet.HEIGHT;
          chw[offset + plane + y * ImageSet.WIDTH + x] =
              inside ? scratch[plane + sy * ImageSet.WIDTH + sx] : 0;
        }
      }
    }
  }
}
