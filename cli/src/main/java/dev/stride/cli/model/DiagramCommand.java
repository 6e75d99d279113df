package dev.stride.cli.model;

import dev.stride.nn.diagram.Diagram;
import dev.stride.nn.summary.ModelSummary;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code stride model diagram}: Keras' plot_model(show_shapes=True), as SVG or Graphviz DOT. */
@Command(
    name = "diagram",
    mixinStandardHelpOptions = true,
    description = {
      "Draws a preset or spec file as SVG or Graphviz DOT, like Keras' plot_model.",
      "A vertical chain of boxes with input and output shapes, residual blocks with their"
          + " shortcut; the output file's extension picks the format."
    })
final class DiagramCommand extends ModelVerb {

  @Parameters(
      paramLabel = SpecArgument.LABEL,
      completionCandidates = SpecArgument.PresetNames.class,
      description = SpecArgument.DESCRIPTION)
  String architecture;

  @Option(
      names = {"-o", "--output"},
      required = true,
      paramLabel = "<file>",
      description = "Where to write the diagram: a .svg or a .dot file.")
  Path output;

  @Option(
      names = "--classes",
      defaultValue = "10",
      description = "What \"classes\" in the spec stands for (default ${DEFAULT-VALUE}).")
  int classes;

  @Override
  void run(PrintWriter out) throws IOException {
    String name = output.getFileName().toString().toLowerCase(Locale.ROOT);
    if (!name.endsWith(".svg") && !name.endsWith(".dot")) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "-o must name a .svg or a .dot file, got " + output);
    }
    ModelSummary summary = ModelSummary.of(SpecArgument.load(spec, architecture), classes);
    Files.writeString(output, name.endsWith(".svg") ? Diagram.svg(summary) : Diagram.dot(summary));
    out.println("wrote " + output);
  }
}
