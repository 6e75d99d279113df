package dev.stride.data;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Random;

/**
 * The notebook's first figure: rows × columns random images of a set, each enlarged with
 * nearest-neighbour and captioned with its class name, on white. Same arguments, same PNG bytes.
 */
public final class SampleGrid {

  /** White space between cells and around the grid, in pixels. */
  public static final int GAP = 4;

  /** Height of the caption strip under each image, in pixels: one line of 11 px text. */
  public static final int CAPTION_HEIGHT = 16;

  private static final Font FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
  private static final Color TEXT = new Color(0x33, 0x33, 0x33);
  private static final String ELLIPSIS = "…";

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
    int side = ImageSet.WIDTH * scale;
    int cellHeight = side + CAPTION_HEIGHT;
    BufferedImage grid =
        new BufferedImage(
            columns * side + (columns + 1) * GAP,
            rows * cellHeight + (rows + 1) * GAP,
            BufferedImage.TYPE_INT_RGB);
    int[] order = shuffled(images.size(), new Random(seed));
    Graphics2D g = grid.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, grid.getWidth(), grid.getHeight());
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setFont(FONT);
      g.setColor(TEXT);
      FontMetrics metrics = g.getFontMetrics();
      for (int cell = 0; cell < rows * columns; cell++) {
        // a set smaller than the grid is shown whole before any image repeats
        int index = order[cell % order.length];
        int x = GAP + (cell % columns) * (side + GAP);
        int y = GAP + (cell / columns) * (cellHeight + GAP);
        g.drawImage(Images.fromChw(images.image(index)), x, y, side, side, null);
        String caption = fit(className(classNames, images.label(index)), metrics, side);
        int baseline = y + side + (CAPTION_HEIGHT + metrics.getAscent() - metrics.getDescent()) / 2;
        g.drawString(caption, x + (side - metrics.stringWidth(caption)) / 2, baseline);
      }
    } finally {
      g.dispose();
    }
    return Images.png(grid);
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

  /** The name, shortened with an ellipsis until it fits the cell's width. */
  private static String fit(String name, FontMetrics metrics, int width) {
    if (metrics.stringWidth(name) <= width) {
      return name;
    }
    for (int length = name.length() - 1; length > 0; length--) {
      String shortened = name.substring(0, length) + ELLIPSIS;
      if (metrics.stringWidth(shortened) <= width) {
        return shortened;
      }
    }
    return ELLIPSIS;
  }
}
