package dev.stride.nn.metrics;

import dev.stride.data.image.Images;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;

/** The evaluation's charts as PNG: a confusion matrix heat map and a reliability diagram. */
public final class MetricCharts {

  private static final Font FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
  private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 13);
  private static final Color INK = new Color(0x33, 0x33, 0x33);
  private static final Color BLUE = new Color(0x1f, 0x6f, 0xb4);
  private static final Color GAP = new Color(0xe0, 0x60, 0x50, 0xa0);

  private MetricCharts() {}

  /**
   * Rows are true classes, columns predicted ones; each cell's shade is its share of the row, its
   * number the count (shown while cells are large enough to hold one).
   */
  public static byte[] confusion(Classification scores, String title) {
    int[][] m = scores.confusion();
    List<String> names = scores.classNames();
    int k = names.size();
    int cell = Math.max(6, Math.min(44, 440 / Math.max(1, k)));
    int margin = k <= 20 ? 90 : 20;
    int width = margin + k * cell + 20;
    int height = 30 + k * cell + margin;
    BufferedImage image = canvas(width, height);
    Graphics2D g = graphics(image);
    try {
      g.setFont(TITLE);
      g.drawString(title, margin, 20);
      g.setFont(FONT);
      FontMetrics metrics = g.getFontMetrics();
      for (int t = 0; t < k; t++) {
        int rowTotal = 0;
        for (int p = 0; p < k; p++) {
          rowTotal += m[t][p];
        }
        for (int p = 0; p < k; p++) {
          double share = rowTotal == 0 ? 0 : m[t][p] / (double) rowTotal;
          g.setColor(mix(Color.WHITE, BLUE, share));
          int x = margin + p * cell;
          int y = 30 + t * cell;
          g.fillRect(x, y, cell, cell);
          if (cell >= 28) {
            String count = Integer.toString(m[t][p]);
            g.setColor(share > 0.5 ? Color.WHITE : INK);
            g.drawString(
                count,
                x + (cell - metrics.stringWidth(count)) / 2,
                y + (cell + metrics.getAscent()) / 2 - 2);
          }
        }
        if (margin > 20) {
          g.setColor(INK);
          String name = names.get(t);
          g.drawString(
              name,
              margin - 6 - metrics.stringWidth(name),
              30 + t * cell + (cell + metrics.getAscent()) / 2 - 2);
          vertical(g, name, margin + t * cell + cell / 2, 30 + k * cell + 6, metrics);
        }
      }
      g.setColor(INK);
      g.drawRect(margin, 30, k * cell, k * cell);
    } finally {
      g.dispose();
    }
    return png(image);
  }

  /**
   * Accuracy per confidence bin as bars, the diagonal of perfect calibration, the gap to it in red,
   * and the ECE in the title.
   */
  public static byte[] reliability(Calibration calibration, String title) {
    int size = 360;
    int left = 50;
    int top = 34;
    BufferedImage image = canvas(left + size + 20, top + size + 40);
    Graphics2D g = graphics(image);
    try {
      g.setFont(TITLE);
      g.drawString(
          String.format(
              Locale.ROOT, "%s (ECE %.4f)", title, calibration.expectedCalibrationError()),
          left,
          20);
      g.setFont(FONT);
      for (Calibration.Bin bin : calibration.bins()) {
        if (bin.count() == 0) {
          continue;
        }
        int x0 = left + (int) Math.round(bin.lower() * size);
        int x1 = left + (int) Math.round(bin.upper() * size);
        int yAccuracy = top + size - (int) Math.round(bin.accuracy() * size);
        int yConfidence = top + size - (int) Math.round(bin.meanConfidence() * size);
        g.setColor(BLUE);
        g.fillRect(x0 + 1, yAccuracy, x1 - x0 - 2, top + size - yAccuracy);
        g.setColor(GAP);
        g.fillRect(
            x0 + 1,
            Math.min(yAccuracy, yConfidence),
            x1 - x0 - 2,
            Math.abs(yAccuracy - yConfidence));
      }
      g.setColor(INK);
      g.setStroke(
          new BasicStroke(
              1, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {4, 4}, 0));
      g.drawLine(left, top + size, left + size, top);
      g.setStroke(new BasicStroke(1));
      g.drawRect(left, top, size, size);
      for (int tick = 0; tick <= 10; tick += 2) {
        String label = String.format(Locale.ROOT, "%.1f", tick / 10.0);
        g.drawString(label, left + tick * size / 10 - 8, top + size + 14);
        g.drawString(label, left - 26, top + size - tick * size / 10 + 4);
      }
      g.drawString("confidence", left + size / 2 - 28, top + size + 30);
      vertical(g, "accuracy", left - 36, top + size / 2, g.getFontMetrics());
    } finally {
      g.dispose();
    }
    return png(image);
  }

  private static BufferedImage canvas(int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    g.dispose();
    return image;
  }

  private static Graphics2D graphics(BufferedImage image) {
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(INK);
    return g;
  }

  /** Text turned a quarter to the left, its end at (x, y) for axis labels under a matrix. */
  private static void vertical(Graphics2D g, String text, int x, int y, FontMetrics metrics) {
    AffineTransform before = g.getTransform();
    g.translate(x, y);
    g.rotate(-Math.PI / 2);
    g.drawString(text, -metrics.stringWidth(text), metrics.getAscent() / 2);
    g.setTransform(before);
  }

  private static Color mix(Color from, Color to, double t) {
    return new Color(
        (int) Math.round(from.getRed() + (to.getRed() - from.getRed()) * t),
        (int) Math.round(from.getGreen() + (to.getGreen() - from.getGreen()) * t),
        (int) Math.round(from.getBlue() + (to.getBlue() - from.getBlue()) * t));
  }

  private static byte[] png(BufferedImage image) {
    return Images.png(image);
  }
}
