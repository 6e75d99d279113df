package dev.stride.nn.summary;

import dev.stride.nn.spec.ArchitectureSpec;
import dev.stride.nn.spec.LayerShape;
import dev.stride.nn.spec.ShapeException;
import dev.stride.nn.spec.ShapeInference;
import dev.stride.nn.spec.SpecJson;
import dev.stride.nn.spec.TensorShape;
import java.util.List;
import java.util.Locale;

/**
 * Keras' {@code model.summary()} for a spec: one row per layer with its output shape and parameter
 * count, and the totals, batch norm's moving mean and variance counted as non-trainable. Pure Java
 * over the spec: no block is built and no engine loaded.
 *
 * @param model the spec's name
 * @param layers one per spec layer; a residual block's parts are listed under it
 */
public record ModelSummary(
    String model,
    TensorShape input,
    TensorShape output,
    List<LayerShape> layers,
    long totalParams,
    long trainableParams,
    long nonTrainableParams) {

  // Keras' column ends for a sequential model, as fractions of the line length
  private static final double[] COLUMNS = {.45, .85, 1};
  private static final int KERAS_LINE_LENGTH = 65;

  public ModelSummary {
    layers = List.copyOf(layers);
  }

  /**
   * @param classes the dataset's class count, for {@code "classes"} widths
   * @throws dev.stride.nn.spec.SpecException if the spec does not check out
   */
  public static ModelSummary of(ArchitectureSpec spec, int classes) {
    List<LayerShape> layers = ShapeInference.infer(spec, classes);
    long total;
    long trainable;
    try {
      total = layers.stream().mapToLong(LayerShape::params).reduce(0, Math::addExact);
      trainable = layers.stream().mapToLong(LayerShape::trainableParams).reduce(0, Math::addExact);
    } catch (ArithmeticException e) {
      throw new ShapeException(
          spec.input(), "the model's parameter count passes 2^63 (" + Long.MAX_VALUE + ")");
    }
    return new ModelSummary(
        spec.name(),
        spec.input(),
        layers.get(layers.size() - 1).output(),
        layers,
        total,
        trainable,
        total - trainable);
  }

  /** This summary as indented JSON. */
  public String toJson() {
    return SpecJson.write(this);
  }

  /**
   * The table as Keras 2 prints it, trailing spaces trimmed. Keras' 65 columns are widened, as
   * {@code summary(line_length=…)} would, when a "name (Class)" would otherwise be cut.
   */
  public String toText() {
    int lineLength = lineLength();
    int[] positions = new int[COLUMNS.length];
    for (int i = 0; i < COLUMNS.length; i++) {
      positions[i] = (int) (lineLength * COLUMNS[i]);
    }
    String thin = "_".repeat(lineLength);
    String thick = "=".repeat(lineLength);
    StringBuilder text = new StringBuilder();
    text.append("Model: \"").append(model).append("\"\n");
    text.append(thin).append('\n');
    text.append(row(positions, "Layer (type)", "Output Shape", "Param #")).append('\n');
    text.append(thick).append('\n');
    for (int i = 0; i < layers.size(); i++) {
      LayerShape layer = layers.get(i);
      text.append(
              row(
                  positions,
                  nameAndClass(layer),
                  layer.output().keras(),
                  String.valueOf(layer.params())))
          .append('\n');
      text.append(i == layers.size() - 1 ? thick : thin).append('\n');
    }
    text.append("Total params: ").append(grouped(totalParams)).append('\n');
    text.append("Trainable params: ").append(grouped(trainableParams)).append('\n');
    text.append("Non-trainable params: ").append(grouped(nonTrainableParams)).append('\n');
    text.append(thin).append('\n');
    return text.toString();
  }

  /** The shortest Keras line length, at least its default, whose first column fits every name. */
  private int lineLength() {
    int longest = layers.stream().mapToInt(l -> nameAndClass(l).length()).max().orElse(0);
    int length = KERAS_LINE_LENGTH;
    while ((int) (length * COLUMNS[0]) < longest + 1) {
      length++;
    }
    return length;
  }

  /**
   * Keras' print_row: each field cut at its column's end, with at least one space before the next.
   */
  private static String row(int[] positions, String... fields) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < fields.length; i++) {
      if (i > 0) {
        line.setLength(line.length() - 1);
        line.append(' ');
      }
      line.append(fields[i]);
      line.setLength(Math.min(line.length(), positions[i]));
      line.append(" ".repeat(positions[i] - line.length()));
    }
    return line.toString().stripTrailing();
  }

  private static String nameAndClass(LayerShape layer) {
    return layer.name() + " (" + layer.kerasClass() + ")";
  }

  private static String grouped(long count) {
    return String.format(Locale.ROOT, "%,d", count);
  }
}
