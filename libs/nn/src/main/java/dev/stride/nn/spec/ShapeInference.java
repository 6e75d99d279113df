package dev.stride.nn.spec;

import java.util.ArrayList;
import java.util.List;

/**
 * Checks a spec and infers every layer's output shape and parameter count, as Keras would report
 * them, before any block is built or any engine loaded. Also holds the spec to what the DJL blocks
 * can do exactly (see {@link #samePoolNeedsOddWindow}).
 */
public final class ShapeInference {

  private ShapeInference() {}

  /**
   * @param classes the dataset's class count: what {@code "classes"} widths stand for, and how many
   *     scores the network must end in
   * @throws InvalidSpecException for a missing, out-of-range or unsupported field
   * @throws ShapeException for a layer that cannot apply to its input
   */
  public static List<LayerShape> infer(ArchitectureSpec spec, int classes) {
    if (classes < 1) {
      throw new IllegalArgumentException("classes must be at least 1, got " + classes);
    }
    if (!spec.input().isVolume()) {
      throw new InvalidSpecException(
          null,
          null,
          "input",
          "'input' must be [height, width, channels], got " + spec.input().dims());
    }
    List<LayerSpec> layers = spec.layers();
    if (layers.isEmpty()) {
      throw new InvalidSpecException(null, null, "layers", "'layers' must hold at least one layer");
    }
    KerasNames names = new KerasNames("");
    List<LayerShape> shapes = new ArrayList<>();
    TensorShape current = spec.input();
    for (int i = 0; i < layers.size(); i++) {
      int index = i + 1;
      LayerSpec layer = layers.get(i);
      if (layer == null) {
        throw new InvalidSpecException(
            index, null, null, "is empty; a layer is an object with a \"type\"");
      }
      LayerShape shape;
      try {
        shape =
            LayerRules.infer(
                new Fields(index, layer.type()),
                names.next(layer.kerasClass()),
                layer,
                current,
                classes);
      } catch (ShapeException e) {
        throw e.layer().isPresent() ? e : e.at(index, layer.type());
      } catch (ArithmeticException e) {
        throw new ShapeException(
            index,
            layer.type(),
            current,
            "its parameter count passes 2^63 (" + Long.MAX_VALUE + "); make it smaller");
      }
      shapes.add(shape);
      current = shape.output();
    }
    checkEnd(shapes.get(shapes.size() - 1), layers.get(layers.size() - 1), classes);
    return List.copyOf(shapes);
  }

  /** A classifier ends in one score per class: softmax and the loss take it from there. */
  private static void checkEnd(LayerShape last, LayerSpec layer, int classes) {
    TensorShape out = last.output();
    if (out.isVolume()) {
      throw new ShapeException(
          last.index(),
          last.type(),
          last.input(),
          "the network must end in a vector of "
              + classes
              + " class scores, but ends in a "
              + out
              + " volume; add flatten or globalavgpool and a dense layer of \"classes\" units");
    }
    if (out.channels() != classes) {
      boolean dense = layer instanceof LayerSpec.Dense;
      throw new InvalidSpecException(
          last.index(),
          last.type(),
          dense ? "units" : null,
          "the network must end in "
              + classes
              + " class scores, one per class of the dataset, but gives "
              + out.channels()
              + (dense ? "; write \"units\": \"classes\"" : ""));
    }
  }

  /**
   * TensorFlow pads 'same' as evenly as it can and puts an odd remainder at the bottom and right.
   * Convolutions get that exactly (an explicit pad when uneven); pooling gets it from DJL's
   * symmetric padding plus ceil mode, which adds the last, partial window at the end. At stride 1
   * an even window needs an odd total that ceil mode cannot add, so that case is refused rather
   * than built one pixel off.
   */
  static void samePoolNeedsOddWindow(Fields f, int size, int stride) {
    if (size % 2 == 0 && stride == 1) {
      throw f.invalid(
          "size",
          "'same' pooling at stride 1 needs an odd 'size' (TensorFlow pads one more at the bottom"
              + " and right, which DJL's pooling cannot), got "
              + size);
    }
  }

  /** Field checks for one layer, naming it in what they throw. */
  static final class Fields {
    final int index;
    final String type;

    Fields(int index, String type) {
      this.index = index;
      this.type = type;
    }

    int atLeastOne(String field, Integer value) {
      present(field, value);
      if (value < 1) {
        throw invalid(field, "'" + field + "' must be at least 1, got " + value);
      }
      return value;
    }

    int atLeastOne(String field, Width width, int classes) {
      present(field, width);
      return atLeastOne(field, width.resolve(classes));
    }

    <T> T present(String field, T value) {
      if (value == null) {
        throw invalid(field, "'" + field + "' is missing");
      }
      return value;
    }

    InvalidSpecException invalid(String field, String message) {
      return new InvalidSpecException(index, type, field, message);
    }

    TensorShape volume(TensorShape input) {
      if (!input.isVolume()) {
        throw new ShapeException(
            index,
            type,
            input,
            "needs a height×width×channels input, got a vector of " + input.channels());
      }
      return input;
    }

    TensorShape vector(TensorShape input) {
      if (input.isVolume()) {
        throw new ShapeException(
            index,
            type,
            input,
            "needs a vector input, got " + input + "; put flatten or globalavgpool before it");
      }
      return input;
    }
  }
}
