package dev.stride.cli.model;

import dev.stride.nn.spec.ConvShape;
import dev.stride.nn.spec.Padding;
import dev.stride.nn.spec.TensorShape;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code stride model shape}: the notebook's slider cell, one Conv2D's output shape. */
@Command(
    name = "shape",
    mixinStandardHelpOptions = true,
    description = {
      "Prints one Conv2D's output shape by TensorFlow's formulas, with the working.",
      "valid: ⌊(n−k)/s⌋+1, same: ⌈n/s⌉ along height and width; channels = filters."
    })
final class ShapeCommand extends ModelVerb {

  @Option(
      names = "--input",
      required = true,
      paramLabel = "<HxWxC>",
      converter = ShapeConverter.class,
      description = "Input height×width×channels, e.g. 10x10x3.")
  TensorShape input;

  @Option(names = "--filters", required = true, description = "Number of filters.")
  int filters;

  @Option(names = "--kernel", required = true, description = "Kernel size k (k×k).")
  int kernel;

  @Option(
      names = "--stride",
      defaultValue = "1",
      description = "Stride (default ${DEFAULT-VALUE}).")
  int stride;

  @Option(
      names = "--padding",
      defaultValue = "valid",
      converter = PaddingConverter.class,
      description = "valid or same (default ${DEFAULT-VALUE}).")
  Padding padding;

  @Override
  void run(PrintWriter out) {
    ConvShape conv = new ConvShape(input, filters, kernel, stride, padding);
    out.println(conv.describe());
    for (String line : conv.working()) {
      out.println("  " + line);
    }
  }

  static final class ShapeConverter implements CommandLine.ITypeConverter<TensorShape> {
    @Override
    public TensorShape convert(String value) {
      try {
        return TensorShape.parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }

  static final class PaddingConverter implements CommandLine.ITypeConverter<Padding> {
    @Override
    public Padding convert(String value) {
      try {
        return Padding.parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }
}
