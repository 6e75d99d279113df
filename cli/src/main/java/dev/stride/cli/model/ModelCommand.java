package dev.stride.cli.model;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code stride model}: architectures as data, looked at without training anything. Pure Java over
 * the spec: no stack is started and no native engine loaded.
 */
@Command(
    name = "model",
    mixinStandardHelpOptions = true,
    description = {
      "Looks at an architecture (a preset or a JSON/YAML spec file) without training it.",
      "Its Keras-style summary, its diagram, and the shape arithmetic of one convolution;"
          + " no stack is started and no native engine loaded."
    },
    subcommands = {SummaryCommand.class, DiagramCommand.class, ShapeCommand.class})
public final class ModelCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "Missing a verb: summary, diagram or shape");
  }
}
