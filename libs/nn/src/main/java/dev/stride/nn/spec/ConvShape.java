package dev.stride.nn.spec;

import java.util.ArrayList;
import java.util.List;

/**
 * The notebook's slider cell: one Conv2D over an H×W×C input, its output shape by TensorFlow's
 * formulas, and the working.
 */
public record ConvShape(TensorShape input, int filters, int kernel, int stride, Padding padding) {

  public ConvShape {
    if (!input.isVolume()) {
      throw new InvalidSpecException(
          null, null, "input", "'input' must be height×width×channels, got " + input);
    }
    atLeastOne("filters", filters);
    atLeastOne("kernel", kernel);
    atLeastOne("stride", stride);
  }

  /**
   * @throws ShapeException if the kernel does not fit, e.g. kernel 11 on 10×10 with 'valid'
   */
  public TensorShape output() {
    return ConvArithmetic.slide(
        input, "kernel " + kernel + "×" + kernel, kernel, stride, padding, filters);
  }

  /** Weights and biases, as Keras counts them: (k·k·C + 1)·filters. */
  public long parameters() {
    return ((long) kernel * kernel * input.channels() + 1) * filters;
  }

  /** "10×10×3 → conv 3 filters 2×2 stride 1 valid → 9×9×3". */
  public String describe() {
    return input
        + " → conv "
        + filters
        + (filters == 1 ? " filter " : " filters ")
        + kernel
        + "×"
        + kernel
        + " stride "
        + stride
        + " "
        + padding
        + " → "
        + output();
  }

  /** How each number of the output came about, one line each. */
  public List<String> working() {
    List<String> lines = new ArrayList<>();
    String formula = padding + ": " + ConvArithmetic.formula(padding) + " = ";
    if (input.height() == input.width()) {
      lines.add(
          "height and width, "
              + formula
              + ConvArithmetic.worked(input.height(), kernel, stride, padding));
    } else {
      lines.add(
          "height, " + formula + ConvArithmetic.worked(input.height(), kernel, stride, padding));
      lines.add(
          "width, " + formula + ConvArithmetic.worked(input.width(), kernel, stride, padding));
    }
    lines.add("channels = filters = " + filters);
    lines.add(
        "parameters = (k·k·C + 1)·filters = ("
            + kernel
            + "·"
            + kernel
            + "·"
            + input.channels()
            + " + 1)·"
            + filters
            + " = "
            + parameters());
    return lines;
  }

  private static void atLeastOne(String field, int value) {
    if (value < 1) {
      throw new InvalidSpecException(
          null, null, field, "'" + field + "' must be at least 1, got " + value);
    }
  }
}
