package dev.stride.nn.filters;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import dev.stride.data.image.Images;
import dev.stride.nn.Network;
import dev.stride.nn.spec.LayerShape;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * The notebook's optional task 4 for any conv layer: its filters as a grid of tiles under a
 * two-line title, each tile stretched to 0..255 by its own min and max (a constant tile is
 * mid-grey, 128). The first convolution, which reads the RGB image, shows one colour tile per
 * filter in ⌈√filters⌉ columns; deeper ones show one grey tile per filter (row) and input channel
 * (column), the first {@link #MAX_ROWS} × {@link #MAX_COLUMNS} only, so that the picture stays
 * readable. Same weights, same PNG bytes.
 */
public final class FilterImages {

  /** Filters shown by a grey grid, one a row. */
  public static final int MAX_ROWS = 32;

  /** Input channels shown by a grey grid, one a column. */
  public static final int MAX_COLUMNS = 32;

  /** A tile is at least this many pixels a side: a 3×3 kernel's pixels are drawn 8×8. */
  public static final int TILE = 24;

  public static final int MARGIN = 8;
  public static final int GAP = 2;

  /** Two lines of 12 px text above the grid: the layer and its shape, then what is shown. */
  public static final int HEADER = 36;

  public static final int CONSTANT_TILE = 128;

  private static final Font FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

  private FilterImages() {}

  /**
   * The PNG of one convolution of an initialised or trained network.
   *
   * @param layer a key of {@link Network#convolutions()}: "conv2d_1", "residual_block_3/conv2d"
   */
  public static byte[] png(Network network, String layer) {
    Conv2d conv = network.convolutions().get(layer);
    if (conv == null) {
      throw new IllegalArgumentException(
          "no convolution '" + layer + "'; the network has " + network.convolutions().keySet());
    }
    Parameter weight = conv.getParameters().get("weight");
    if (!weight.isInitialized()) {
      throw new IllegalStateException("initialise the network before drawing " + layer);
    }
    NDArray array = weight.getArray(); // (filters, channels, k, k)
    long[] shape = array.getShape().getShape();
    FilterWeights weights =
        new FilterWeights(
            array.toFloatArray(), (int) shape[0], (int) shape[1], (int) shape[2], (int) shape[3]);
    boolean first = layer.equals(network.convolutions().keySet().iterator().next());
    String title =
        layer
            + " (Conv2D): "
            + weights.filters()
            + " filters "
            + weights.kernelHeight()
            + "×"
            + weights.kernelWidth()
            + "×"
            + weights.channels()
            + ", output "
            + outputOf(network, layer);
    return Images.png(render(title, weights, first && weights.channels() == 3));
  }

  /** The grid for any weights; {@code rgb} takes channels 0, 1, 2 as red, green, blue. */
  public static BufferedImage render(String title, FilterWeights weights, boolean rgb) {
    if (rgb && weights.channels() != 3) {
      throw new IllegalArgumentException(
          "colour tiles need 3 input channels, got " + weights.channels());
    }
    int filters = weights.filters();
    int columns =
        rgb ? (int) Math.ceil(Math.sqrt(filters)) : Math.min(weights.channels(), MAX_COLUMNS);
    int rows = rgb ? (filters + columns - 1) / columns : Math.min(filters, MAX_ROWS);
    String shown =
        rgb
            ? "one RGB tile per filter"
            : "rows: filters 1–"
                + rows
                + " of "
                + filters
                + ", columns: input channels 1–"
                + columns
                + " of "
                + weights.channels();
    int scale = scale(weights);
    int tileWidth = weights.kernelWidth() * scale;
    int tileHeight = weights.kernelHeight() * scale;
    int gridWidth = columns * tileWidth + (columns - 1) * GAP;
    int width = 2 * MARGIN + Math.max(gridWidth, textWidth(title, shown));
    int height = 2 * MARGIN + HEADER + rows * tileHeight + (rows - 1) * GAP;

    BufferedImage picture = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = picture.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, width, height);
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setFont(FONT);
      g.setColor(Color.DARK_GRAY);
      g.drawString(title, MARGIN, MARGIN + 12);
      g.drawString(shown, MARGIN, MARGIN + 28);
    } finally {
      g.dispose();
    }
    for (int row = 0; row < rows; row++) {
      for (int column = 0; column < columns; column++) {
        int x = MARGIN + column * (tileWidth + GAP);
        int y = MARGIN + HEADER + row * (tileHeight + GAP);
        if (!rgb) {
          tile(picture, weights, row, List.of(column), x, y, scale);
        } else if (row * columns + column < filters) {
          tile(picture, weights, row * columns + column, List.of(0, 1, 2), x, y, scale);
        }
      }
    }
    return picture;
  }

  /** Where tile (row, column) starts, {x, y}, for weights of this kernel size. */
  public static int[] tileOrigin(FilterWeights weights, int row, int column) {
    int scale = scale(weights);
    return new int[] {
      MARGIN + column * (weights.kernelWidth() * scale + GAP),
      MARGIN + HEADER + row * (weights.kernelHeight() * scale + GAP)
    };
  }

  /** How many pixels a side one kernel pixel takes. */
  public static int scale(FilterWeights weights) {
    int kernel = Math.max(weights.kernelHeight(), weights.kernelWidth());
    return (TILE + kernel - 1) / kernel;
  }

  /** One filter's channels (three as RGB, one as grey), normalised together. */
  private static void tile(
      BufferedImage picture,
      FilterWeights weights,
      int filter,
      List<Integer> channels,
      int x0,
      int y0,
      int scale) {
    float min = Float.POSITIVE_INFINITY;
    float max = Float.NEGATIVE_INFINITY;
    for (int channel : channels) {
      for (int y = 0; y < weights.kernelHeight(); y++) {
        for (int x = 0; x < weights.kernelWidth(); x++) {
          min = Math.min(min, weights.at(filter, channel, y, x));
          max = Math.max(max, weights.at(filter, channel, y, x));
        }
      }
    }
    for (int y = 0; y < weights.kernelHeight(); y++) {
      for (int x = 0; x < weights.kernelWidth(); x++) {
        List<Integer> levels = new ArrayList<>(3);
        for (int channel : channels) {
          levels.add(level(weights.at(filter, channel, y, x), min, max));
        }
        int rgb =
            channels.size() == 3
                ? levels.get(0) << 16 | levels.get(1) << 8 | levels.get(2)
                : levels.get(0) * 0x010101;
        for (int dy = 0; dy < scale; dy++) {
          for (int dx = 0; dx < scale; dx++) {
            picture.setRGB(x0 + x * scale + dx, y0 + y * scale + dy, rgb);
          }
        }
      }
    }
  }

  private static int level(float value, float min, float max) {
    return max > min ? Math.round((value - min) / (max - min) * 255) : CONSTANT_TILE;
  }

  private static int textWidth(String... lines) {
    Graphics2D g = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
    try {
      g.setFont(FONT);
      FontMetrics metrics = g.getFontMetrics();
      int width = 0;
      for (String line : lines) {
        width = Math.max(width, metrics.stringWidth(line));
      }
      return width;
    } finally {
      g.dispose();
    }
  }

  private static String outputOf(Network network, String layer) {
    for (LayerShape shape : network.shapes()) {
      for (LayerShape candidate : shape.parts().isEmpty() ? List.of(shape) : shape.parts()) {
        if (candidate.name().equals(layer)) {
          return candidate.output().keras();
        }
      }
    }
    throw new IllegalStateException("no inferred shape for " + layer);
  }
}
