package dev.stride.nn.diagram;

import dev.stride.nn.spec.LayerShape;
import dev.stride.nn.spec.LayerSpec;
import dev.stride.nn.summary.ModelSummary;
import java.util.ArrayList;
import java.util.List;

/**
 * One box of a diagram, as Keras' plot_model draws it: "name: Class" over its input and output
 * shapes. Boxes inside a residual block carry its title in {@code group}; the block's projection
 * shortcut sits beside the chain, and its add joins the shortcut back in.
 */
record Box(String title, String input, String output, String group, Role role) {

  enum Role {
    CHAIN,
    PROJECTION,
    ADD
  }

  /** The input, then every layer top to bottom, a residual block's parts in place of the block. */
  static List<Box> of(ModelSummary summary) {
    List<Box> boxes = new ArrayList<>();
    String image = summary.input().keras();
    boxes.add(new Box("input_1: InputLayer", image, image, null, Role.CHAIN));
    for (LayerShape layer : summary.layers()) {
      if (layer.parts().isEmpty()) {
        boxes.add(
            new Box(
                title(layer.name(), layer),
                layer.input().keras(),
                layer.output().keras(),
                null,
                Role.CHAIN));
        continue;
      }
      String group = title(layer.name(), layer);
      int convs = 0;
      for (LayerShape part : layer.parts()) {
        // the part name without the block's "residual_block/" prefix: the frame shows the block
        String local = part.name().substring(layer.name().length() + 1);
        Role role = Role.CHAIN;
        String input = part.input().keras();
        if (LayerSpec.CONV.equals(part.type()) && ++convs == 3) {
          role = Role.PROJECTION;
        } else if ("add".equals(part.type())) {
          role = Role.ADD;
          input = "[" + part.input().keras() + ", " + part.input().keras() + "]";
        }
        boxes.add(new Box(title(local, part), input, part.output().keras(), group, role));
      }
    }
    return boxes;
  }

  List<String> lines() {
    return List.of(title, "input: " + input, "output: " + output);
  }

  int longestLine() {
    return lines().stream().mapToInt(String::length).max().orElse(0);
  }

  private static String title(String name, LayerShape layer) {
    return name + ": " + layer.kerasClass();
  }
}
