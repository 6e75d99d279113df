package dev.stride.nn.diagram;

import dev.stride.nn.summary.ModelSummary;
import java.util.List;

/**
 * Keras' {@code plot_model(show_shapes=True)} for a spec: a vertical chain of boxes, each with the
 * layer's name and class over its input and output shapes, and residual blocks drawn as their parts
 * in a dashed frame with the shortcut beside them. As SVG (self-contained, no fonts or scripts) or
 * as Graphviz DOT. Pure Java over the spec.
 */
public final class Diagram {

  private Diagram() {}

  public static String svg(ModelSummary summary) {
    return new SvgDiagram(summary.model(), Box.of(summary)).render();
  }

  public static String dot(ModelSummary summary) {
    List<Box> boxes = Box.of(summary);
    StringBuilder dot = new StringBuilder();
    dot.append("digraph \"").append(quoted(summary.model())).append("\" {\n");
    dot.append("  graph [rankdir=TB];\n");
    dot.append("  node [shape=record, fontname=\"Helvetica\", fontsize=11];\n");
    String group = null;
    for (int i = 0; i < boxes.size(); i++) {
      Box box = boxes.get(i);
      if (group != null && !group.equals(box.group())) {
        dot.append("  }\n");
      }
      if (box.group() != null && !box.group().equals(group)) {
        dot.append("  subgraph cluster_").append(i).append(" {\n");
        dot.append("    label=\"").append(quoted(box.group())).append("\"; style=dashed;\n");
      }
      group = box.group();
      dot.append(group == null ? "  " : "    ")
          .append("n")
          .append(i)
          .append(" [label=\"")
          .append(record(box.title()))
          .append("|{input:|output:}|{")
          .append(record(box.input()))
          .append("|")
          .append(record(box.output()))
          .append("}\"];\n");
    }
    if (group != null) {
      dot.append("  }\n");
    }
    // edges, once every node is declared inside its cluster
    int previous = 0;
    for (int i = 1; i < boxes.size(); i++) {
      Box box = boxes.get(i);
      if (box.role() == Box.Role.PROJECTION) {
        continue;
      }
      dot.append("  n").append(previous).append(" -> n").append(i).append(";\n");
      if (box.role() == Box.Role.ADD) {
        int fork = forkOf(boxes, i);
        int via = projectionOf(boxes, i);
        if (via >= 0) {
          dot.append("  n").append(fork).append(" -> n").append(via).append(" [style=dashed];\n");
          dot.append("  n").append(via).append(" -> n").append(i).append(" [style=dashed];\n");
        } else {
          dot.append("  n")
              .append(fork)
              .append(" -> n")
              .append(i)
              .append(" [style=dashed, label=\"identity\"];\n");
        }
      }
      previous = i;
    }
    dot.append("}\n");
    return dot.toString();
  }

  /** The box before the residual group that the add at {@code add} belongs to. */
  static int forkOf(List<Box> boxes, int add) {
    String group = boxes.get(add).group();
    int i = add;
    while (i > 0 && group.equals(boxes.get(i - 1).group())) {
      i--;
    }
    return i - 1;
  }

  /** The projection of the add's group, or -1 for an identity shortcut. */
  static int projectionOf(List<Box> boxes, int add) {
    for (int i = forkOf(boxes, add) + 1; i < add; i++) {
      if (boxes.get(i).role() == Box.Role.PROJECTION) {
        return i;
      }
    }
    return -1;
  }

  private static String quoted(String text) {
    return text.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  /** Escapes what a record label gives meaning to. */
  private static String record(String text) {
    return quoted(text).replaceAll("([{}|<>])", "\\\\$1");
  }
}
