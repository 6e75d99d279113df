package dev.stride.nn.diagram;

import java.util.List;
import java.util.Locale;

/**
 * Lays boxes out top to bottom and writes them as SVG. The chain runs down the left column; a
 * residual block's shortcut forks below the box before the block, runs down a lane on the right
 * (through the projection box, if any) and joins its add from the side.
 */
final class SvgDiagram {

  private static final int MARGIN = 16;
  private static final int PAD = 8; // inside boxes and frames
  private static final int LINE = 16; // 12 px monospace text
  private static final int BOX_HEIGHT = 3 * LINE + PAD;
  private static final int GAP = 28; // between boxes, room for an arrow
  private static final int FRAME_LABEL = LINE + 4;
  private static final int LANE_GAP = 48;

  private final String model;
  private final List<Box> boxes;
  private final int[] x;
  private final int[] y;
  private final int[] width;
  private final int chainWidth;
  private final int laneWidth;
  private final int laneCenter;
  private final StringBuilder svg = new StringBuilder();

  SvgDiagram(String model, List<Box> boxes) {
    this.model = model;
    this.boxes = boxes;
    this.x = new int[boxes.size()];
    this.y = new int[boxes.size()];
    this.width = new int[boxes.size()];
    boolean grouped = boxes.stream().anyMatch(b -> b.group() != null);
    this.chainWidth = widest(Box.Role.CHAIN, Box.Role.ADD);
    this.laneWidth = widest(Box.Role.PROJECTION);
    int chainX = MARGIN + (grouped ? PAD : 0);
    this.laneCenter = chainX + chainWidth + LANE_GAP / 2 + laneWidth / 2;
    layOut(chainX);
  }

  String render() {
    svg.setLength(0);
    int right = 0;
    int bottom = 0;
    for (int i = 0; i < boxes.size(); i++) {
      right = Math.max(right, x[i] + width[i]);
      bottom = Math.max(bottom, y[i] + BOX_HEIGHT);
    }
    boolean grouped = boxes.stream().anyMatch(b -> b.group() != null);
    int frameRight = laneCenter + Math.max(laneWidth / 2, PAD) + PAD;
    int totalWidth = (grouped ? Math.max(right, frameRight) : right) + MARGIN;
    int totalHeight = bottom + PAD + MARGIN;
    svg.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    svg.append(
        format(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d"
                + " %d\" font-family=\"monospace\" font-size=\"12\">\n",
            totalWidth, totalHeight, totalWidth, totalHeight));
    svg.append("  <title>").append(escape(model)).append("</title>\n");
    svg.append("  <defs><marker id=\"arrow\" viewBox=\"0 0 8 8\" refX=\"8\" refY=\"4\"")
        .append(" markerWidth=\"8\" markerHeight=\"8\" orient=\"auto\">")
        .append("<path d=\"M0,0 L8,4 L0,8 z\" fill=\"#444\"/></marker></defs>\n");
    svg.append(
        format("  <rect width=\"%d\" height=\"%d\" fill=\"white\"/>\n", totalWidth, totalHeight));
    frames(frameRight);
    edges();
    for (int i = 0; i < boxes.size(); i++) {
      box(i);
    }
    svg.append("</svg>\n");
    return svg.toString();
  }

  private void layOut(int chainX) {
    int top = MARGIN;
    for (int i = 0; i < boxes.size(); i++) {
      Box box = boxes.get(i);
      if (box.role() == Box.Role.PROJECTION) {
        continue; // placed beside its group below, once the group's height is known
      }
      boolean opens =
          box.group() != null && (i == 0 || !box.group().equals(boxes.get(i - 1).group()));
      if (opens) {
        top += FRAME_LABEL;
      }
      x[i] = chainX;
      y[i] = top;
      width[i] = chainWidth;
      boolean closes =
          box.group() != null
              && (i + 1 == boxes.size() || !box.group().equals(boxes.get(i + 1).group()));
      top += BOX_HEIGHT + GAP + (closes ? PAD : 0);
    }
    for (int i = 0; i < boxes.size(); i++) {
      if (boxes.get(i).role() == Box.Role.PROJECTION) {
        int add = nextAdd(i);
        int first = Diagram.forkOf(boxes, add) + 1;
        x[i] = laneCenter - laneWidth / 2;
        y[i] = (y[first] + y[add]) / 2;
        width[i] = laneWidth;
      }
    }
  }

  /** A dashed frame around each residual block's boxes, its title above them. */
  private void frames(int frameRight) {
    for (int i = 0; i < boxes.size(); i++) {
      Box box = boxes.get(i);
      if (box.role() != Box.Role.ADD) {
        continue;
      }
      int first = Diagram.forkOf(boxes, i) + 1;
      int last = i + 1 < boxes.size() && box.group().equals(boxes.get(i + 1).group()) ? i + 1 : i;
      int top = y[first] - FRAME_LABEL;
      int bottom = y[last] + BOX_HEIGHT + PAD;
      svg.append(
          format(
              "  <g class=\"residual\"><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"6\""
                  + " fill=\"#f7f7fb\" stroke=\"#889\" stroke-dasharray=\"5 3\"/>"
                  + "<text x=\"%d\" y=\"%d\" fill=\"#556\">%s</text></g>\n",
              MARGIN,
              top - PAD / 2,
              frameRight - MARGIN,
              bottom - top + PAD / 2,
              MARGIN + PAD,
              top + LINE - 4,
              escape(box.group())));
    }
  }

  private void edges() {
    int previous = 0;
    for (int i = 1; i < boxes.size(); i++) {
      Box box = boxes.get(i);
      if (box.role() == Box.Role.PROJECTION) {
        continue;
      }
      int cx = x[previous] + width[previous] / 2;
      path("edge", format("M%d,%d V%d", cx, y[previous] + BOX_HEIGHT, y[i]));
      if (box.role() == Box.Role.ADD) {
        shortcut(Diagram.forkOf(boxes, i), Diagram.projectionOf(boxes, i), i);
      }
      previous = i;
    }
  }

  private void shortcut(int fork, int projection, int add) {
    int forkX = x[fork] + width[fork] / 2;
    int forkY = y[fork] + BOX_HEIGHT + GAP / 2;
    int joinY = y[add] + BOX_HEIGHT / 2;
    int joinX = x[add] + width[add];
    svg.append(format("  <circle cx=\"%d\" cy=\"%d\" r=\"3\" fill=\"#444\"/>\n", forkX, forkY));
    if (projection < 0) {
      path("shortcut", format("M%d,%d H%d V%d H%d", forkX, forkY, laneCenter, joinY, joinX));
      return;
    }
    path("shortcut", format("M%d,%d H%d V%d", forkX, forkY, laneCenter, y[projection]));
    path(
        "shortcut", format("M%d,%d V%d H%d", laneCenter, y[projection] + BOX_HEIGHT, joinY, joinX));
  }

  /** An arrow along {@code d}; shortcuts are dashed. */
  private void path(String cssClass, String d) {
    svg.append(
        format(
            "  <path class=\"%s\" d=\"%s\" fill=\"none\" stroke=\"#444\"%s"
                + " marker-end=\"url(#arrow)\"/>\n",
            cssClass, d, "shortcut".equals(cssClass) ? " stroke-dasharray=\"4 3\"" : ""));
  }

  private void box(int i) {
    Box box = boxes.get(i);
    String cssClass = box.role() == Box.Role.PROJECTION ? "layer projection" : "layer";
    svg.append(
        format(
            "  <g class=\"%s\"><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"3\""
                + " fill=\"white\" stroke=\"#333\"/>",
            cssClass, x[i], y[i], width[i], BOX_HEIGHT));
    List<String> lines = box.lines();
    for (int l = 0; l < lines.size(); l++) {
      svg.append(
          format(
              "<text x=\"%d\" y=\"%d\"%s>%s</text>",
              x[i] + PAD,
              y[i] + PAD / 2 + LINE * (l + 1) - 4,
              l == 0 ? " font-weight=\"bold\"" : "",
              escape(lines.get(l))));
    }
    svg.append("</g>\n");
  }

  private int nextAdd(int from) {
    for (int i = from; i < boxes.size(); i++) {
      if (boxes.get(i).role() == Box.Role.ADD) {
        return i;
      }
    }
    throw new IllegalStateException("a projection without its add");
  }

  /** Box width for the longest line among boxes of these roles; monospace 12 px ≈ 7.2 px a char. */
  private int widest(Box.Role... roles) {
    int chars = 0;
    for (Box box : boxes) {
      if (List.of(roles).contains(box.role())) {
        chars = Math.max(chars, box.longestLine());
      }
    }
    return chars == 0 ? 0 : (chars * 36 + 4) / 5 + 2 * PAD;
  }

  /** Numbers in ASCII digits whatever the default locale. */
  private static String format(String pattern, Object... arguments) {
    return String.format(Locale.ROOT, pattern, arguments);
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
