package dev.stride.cli.model;

import dev.stride.nn.summary.ModelSummary;
import java.io.IOException;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code stride model summary}: Keras' model.summary() for a preset or a spec file. */
@Command(
    name = "summary",
    mixinStandardHelpOptions = true,
    description = {
      "Prints a Keras-style summary of a preset or spec file.",
      "Every layer's output shape and parameter count, then the total, trainable and"
          + " non-trainable parameters (batch norm's moving mean and variance do not train)."
    })
final class SummaryCommand extends ModelVerb {

  @Parameters(
      paramLabel = SpecArgument.LABEL,
      completionCandidates = SpecArgument.PresetNames.class,
      description = SpecArgument.DESCRIPTION)
  String architecture;

  @Option(names = "--json", description = "Print the summary as JSON.")
  boolean json;

  @Option(
      names = "--classes",
      defaultValue = "10",
      description = "What \"classes\" in the spec stands for (default ${DEFAULT-VALUE}).")
  int classes;

  @Override
  void run(PrintWriter out) throws IOException {
    ModelSummary summary = ModelSummary.of(SpecArgument.load(spec, architecture), classes);
    out.print(json ? summary.toJson() + "\n" : summary.toText());
  }
}
