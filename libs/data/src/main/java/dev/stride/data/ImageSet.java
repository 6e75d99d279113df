package dev.stride.data;

import java.util.Arrays;

/**
 * CIFAR-shaped labelled images held in memory: {@code size} images of 3×32×32 bytes in CHW order
 * (1024 red, then 1024 green, then 1024 blue, rows of 32) and one label byte each, as in the
 * CIFAR-10 binary files. The arrays are owned by the set; callers must not change them.
 */
public final class ImageSet {

  public static final int HEIGHT = 32;
  public static final int WIDTH = 32;
  public static final int CHANNELS = 3;
  public static final int PLANE = HEIGHT * WIDTH;
  public static final int IMAGE_BYTES = CHANNELS * PLANE;

  private final byte[] labels;
  private final byte[] pixels;

  /**
   * @param labels one class index (0-255, read unsigned) per image
   * @param pixels {@code labels.length * 3072} bytes, CHW per image
   */
  public ImageSet(byte[] labels, byte[] pixels) {
    if ((long) labels.length * IMAGE_BYTES != pixels.length) {
      throw new IllegalArgumentException(
          labels.length
              + " labels need "
              + (long) labels.length * IMAGE_BYTES
              + " pixel bytes, got "
              + pixels.length);
    }
    this.labels = labels;
    this.pixels = pixels;
  }

  public static ImageSet empty() {
    return new ImageSet(new byte[0], new byte[0]);
  }

  public int size() {
    return labels.length;
  }

  public int label(int index) {
    return Byte.toUnsignedInt(labels[index]);
  }

  /** The raw label bytes; do not modify. */
  public byte[] labels() {
    return labels;
  }

  /** The raw CHW pixel bytes of all images; do not modify. */
  public byte[] pixels() {
    return pixels;
  }

  /** A copy of one image's 3072 CHW bytes. */
  public byte[] image(int index) {
    return Arrays.copyOfRange(pixels, index * IMAGE_BYTES, (index + 1) * IMAGE_BYTES);
  }

  /** Images {@code [from, to)} as a new set. */
  public ImageSet slice(int from, int to) {
    return new ImageSet(
        Arrays.copyOfRange(labels, from, to),
        Arrays.copyOfRange(pixels, from * IMAGE_BYTES, to * IMAGE_BYTES));
  }

  /** The images at {@code indices}, in that order, as a new set. */
  public ImageSet select(int[] indices) {
    byte[] l = new byte[indices.length];
    byte[] p = new byte[indices.length * IMAGE_BYTES];
    for (int i = 0; i < indices.length; i++) {
      l[i] = labels[indices[i]];
      System.arraycopy(pixels, indices[i] * IMAGE_BYTES, p, i * IMAGE_BYTES, IMAGE_BYTES);
    }
    return new ImageSet(l, p);
  }

  /** This set followed by {@code others}. */
  public static ImageSet concat(ImageSet... sets) {
    int n = Arrays.stream(sets).mapToInt(ImageSet::size).sum();
    byte[] l = new byte[n];
    byte[] p = new byte[n * IMAGE_BYTES];
    int at = 0;
    for (ImageSet set : sets) {
      System.arraycopy(set.labels, 0, l, at, set.size());
      System.arraycopy(set.pixels, 0, p, at * IMAGE_BYTES, set.pixels.length);
      at += set.size();
    }
    return new ImageSet(l, p);
  }

  /** Images per class, indexed by label, for labels below {@code classes}. */
  public int[] classCounts(int classes) {
    int[] counts = new int[classes];
    for (byte label : labels) {
      counts[Byte.toUnsignedInt(label)]++;
    }
    return counts;
  }
}
