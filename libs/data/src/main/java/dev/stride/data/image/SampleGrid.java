package dev.stride.data.image;

import dev.stride.data.ImageSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The notebook's first figure: rows × columns random images of a set, each enlarged with
 * nearest-neighbour and captioned with its class name, on white. Same arguments, same PNG bytes.
 */
public final class SampleGrid {

  /** White space between cells and around the grid, in pixels. */
  public static final int GAP = CaptionedGrid.GAP;

  /** Height of the caption strip under each image, in pixels: one line of 11 px text. */
  public static final int CAPTION_HEIGHT = CaptionedGrid.CAPTION_HEIGHT;

  private SampleGrid() {}

  /**
   * Renders the grid as PNG: {@code columns × (32·scale) + (columns + 1) × GAP} pixels wide and
   * {@code rows × (32·scale + CAPTION_HEIGHT) + (rows + 1) × GAP} high.
   *
   * @param seed picks the images (java.util.Random): distinct ones, unless the set holds fewer
   *     images than cells
   */
  public static byte[] render(
      ImageSet images, List<String> classNames, int rows, int columns, int scale, long seed) {
    if (rows < 1 || columns < 1 || scale < 1) {
      throw new IllegalArgumentException(
          "rows, columns and scale must be at least 1: " + rows + ", " + columns + ", " + scale);
    }
    if (images.size() == 0) {
      throw new IllegalArgumentException("no images to show");
    }
    List<CaptionedGrid.Tile> tiles = new ArrayList<>();
    for (int index : pick(images.size(), rows * columns, seed)) {
      tiles.add(
          new CaptionedGrid.Tile(images.image(index), className(classNames, images.label(index))));
    }
    return CaptionedGrid.render(tiles, columns, scale);
  }

  /**
   * {@code count} indices of a set of {@code size}, picked at random with {@code seed}: distinct
   * ones while there are enough, the whole set before any repeats.
   */
  public static int[] pick(int size, int count, long seed) {
    int[] order = shuffled(size, new Random(seed));
    int[] picked = new int[count];
    for (int i = 0; i < count; i++) {
      picked[i] = order[i % size];
    }
    return picked;
  }

  /** 0 … n-1 in a seeded random order (Fisher–Yates). */
  private static int[] shuffled(int n, Random random) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = order[i];
      order[i] = order[j];
      order[j] = swap;
    }
    return order;
  }

  private static String className(List<String> classNames, int label) {
    if (label >= classNames.size()) {
      throw new IllegalArgumentException(
          "label " + label + " has no name among " + classNames.size() + " classes");
    }
    return classNames.get(label);
  }
}
