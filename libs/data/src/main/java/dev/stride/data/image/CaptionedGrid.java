package dev.stride.data.image;

import dev.stride.data.ImageSet;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * The notebook's figures of images: a grid of enlarged images, each captioned underneath and
 * optionally labelled on its left (the notebook's ylabel, the true class), a marked one framed in
 * red (a mistake). Same tiles, same PNG bytes.
 */
public final class CaptionedGrid {

  /** White space between cells and around the grid, in pixels. */
  public static final int GAP = 4;

  /** Height of the caption strip under each image: one line of 11 px text. */
  public static final int CAPTION_HEIGHT = 16;

  /** Width of the strip left of each image for its side label, when any tile has one. */
  public static final int SIDE_WIDTH = 16;

  /** Height of a section's title line. */
  public static final int TITLE_HEIGHT = 20;

  private static final Font FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
  private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 12);
  private static final Color TEXT = new Color(0x33, 0x33, 0x33);
  private static final Color MARK = new Color(0xD0, 0x20, 0x20);
  private static final String ELLIPSIS = "…";

  /**
   * One cell: 3072 CHW bytes, the caption under it, an optional label left of it, and whether to
   * frame it in red.
   */
  public record Tile(byte[] chw, String caption, String sideLabel, boolean marked) {

    public Tile(byte[] chw, String caption) {
      this(chw, caption, null, false);
    }
  }

  private CaptionedGrid() {}

  /**
   * Renders the tiles row by row, {@code columns} to a row, each image {@code scale} times enlarged
   * with nearest-neighbour.
   */
  public static byte[] render(List<Tile> tiles, int columns, int scale) {
    return Images.png(draw(tiles, columns, scale));
  }

  /** A titled group of tiles, for {@link #renderSections}. */
  public record Section(String title, List<Tile> tiles) {}

  /**
   * Sections one under the other, each a title line over its grid ("none" when it has no tiles),
   * all {@code columns} wide.
   */
  public static byte[] renderSections(List<Section> sections, int columns, int scale) {
    List<BufferedImage> grids = new java.util.ArrayList<>();
    int width = 0;
    for (Section section : sections) {
      BufferedImage grid = section.tiles().isEmpty() ? null : draw(section.tiles(), columns, scale);
      grids.add(grid);
      width = Math.max(width, grid == null ? 0 : grid.getWidth());
    }
    width = Math.max(width, columns * ImageSet.WIDTH * scale + (columns + 1) * GAP);
    int height = 0;
    for (BufferedImage grid : grids) {
      height += TITLE_HEIGHT + (grid == null ? CAPTION_HEIGHT : grid.getHeight());
    }
    BufferedImage page = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = page.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, width, height);
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setFont(TITLE);
      int y = 0;
      for (int i = 0; i < sections.size(); i++) {
        g.setColor(TEXT);
        g.drawString(sections.get(i).title(), GAP, y + TITLE_HEIGHT - 6);
        y += TITLE_HEIGHT;
        BufferedImage grid = grids.get(i);
        if (grid == null) {
          g.setFont(FONT);
          g.drawString("none", GAP, y + CAPTION_HEIGHT - 4);
          g.setFont(TITLE);
          y += CAPTION_HEIGHT;
        } else {
          g.drawImage(grid, 0, y, null);
          y += grid.getHeight();
        }
      }
    } finally {
      g.dispose();
    }
    return Images.png(page);
  }

  private static BufferedImage draw(List<Tile> tiles, int columns, int scale) {
    if (tiles.isEmpty() || columns < 1 || scale < 1) {
      throw new IllegalArgumentException(
          "need tiles, and columns and scale of at least 1: "
              + tiles.size()
              + ", "
              + columns
              + ", "
              + scale);
    }
    boolean sides = tiles.stream().anyMatch(t -> t.sideLabel() != null);
    int side = ImageSet.WIDTH * scale;
    int cellWidth = side + (sides ? SIDE_WIDTH : 0);
    int cellHeight = side + CAPTION_HEIGHT;
    int rows = (tiles.size() + columns - 1) / columns;
    BufferedImage grid =
        new BufferedImage(
            columns * cellWidth + (columns + 1) * GAP,
            rows * cellHeight + (rows + 1) * GAP,
            BufferedImage.TYPE_INT_RGB);
    Graphics2D g = grid.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, grid.getWidth(), grid.getHeight());
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setFont(FONT);
      FontMetrics metrics = g.getFontMetrics();
      for (int cell = 0; cell < tiles.size(); cell++) {
        Tile tile = tiles.get(cell);
        int x = GAP + (cell % columns) * (cellWidth + GAP) + (sides ? SIDE_WIDTH : 0);
        int y = GAP + (cell / columns) * (cellHeight + GAP);
        g.drawImage(Images.fromChw(tile.chw()), x, y, side, side, null);
        if (tile.marked()) {
          g.setColor(MARK);
          g.setStroke(new BasicStroke(2));
          g.drawRect(x + 1, y + 1, side - 2, side - 2);
        }
        g.setColor(TEXT);
        String caption = fit(tile.caption(), metrics, side + (sides ? SIDE_WIDTH : 0));
        int baseline = y + side + (CAPTION_HEIGHT + metrics.getAscent() - metrics.getDescent()) / 2;
        g.drawString(caption, x + (side - metrics.stringWidth(caption)) / 2, baseline);
        if (tile.sideLabel() != null) {
          drawVertical(
              g, fit(tile.sideLabel(), metrics, side), x - SIDE_WIDTH / 2, y + side / 2, metrics);
        }
      }
    } finally {
      g.dispose();
    }
    return grid;
  }

  /** Text turned a quarter to the left, centred on (cx, cy), as matplotlib draws a ylabel. */
  private static void drawVertical(Graphics2D g, String text, int cx, int cy, FontMetrics metrics) {
    AffineTransform before = g.getTransform();
    g.translate(cx, cy);
    g.rotate(-Math.PI / 2);
    g.drawString(
        text, -metrics.stringWidth(text) / 2, (metrics.getAscent() - metrics.getDescent()) / 2);
    g.setTransform(before);
  }

  /**
   * The text, shortened with an ellipsis until it fits {@code width}: the longest prefix that fits,
   * found by bisection, so a caption costs a few measurements however long the text (a class name
   * is outside input).
   */
  static String fit(String text, FontMetrics metrics, int width) {
    // no glyph of the font is narrower than a quarter pixel: what lies past this cannot show
    int visible = 4 * Math.max(width, 1);
    if (text.length() <= visible && metrics.stringWidth(text) <= width) {
      return text;
    }
    int longest = Math.min(text.length() - 1, visible);
    int fits = 0; // the longest prefix known to fit, with the ellipsis
    int tooLong = longest + 1; // the shortest known not to
    while (tooLong - fits > 1) {
      int length = (fits + tooLong) >>> 1;
      if (metrics.stringWidth(prefix(text, length) + ELLIPSIS) <= width) {
        fits = length;
      } else {
        tooLong = length;
      }
    }
    return fits == 0 ? ELLIPSIS : prefix(text, fits) + ELLIPSIS;
  }

  /** The first {@code length} chars, one fewer where that would split a surrogate pair. */
  private static String prefix(String text, int length) {
    int end = Character.isHighSurrogate(text.charAt(length - 1)) ? length - 1 : length;
    return text.substring(0, end);
  }
}
