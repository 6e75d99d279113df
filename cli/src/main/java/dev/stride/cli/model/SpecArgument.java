package dev.stride.cli.model;

import dev.stride.nn.Presets;
import dev.stride.nn.spec.ArchitectureSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** The {@code <preset|file>} argument: a preset's name, else the path of a JSON or YAML spec. */
final class SpecArgument {

  static final String LABEL = "<preset|file>";
  static final String DESCRIPTION = "A preset (${COMPLETION-CANDIDATES}) or a JSON/YAML spec file.";

  private SpecArgument() {}

  /** The presets, for picocli's help and completion. */
  static final class PresetNames implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return Presets.NAMES.iterator();
    }
  }

  /**
   * @throws CommandLine.ParameterException if it is neither
   * @throws dev.stride.nn.spec.InvalidSpecException if the file is not a spec
   */
  static ArchitectureSpec load(CommandSpec command, String argument) throws IOException {
    if (Presets.NAMES.contains(argument)) {
      return Presets.load(argument);
    }
    Path file = Path.of(argument);
    if (Files.isRegularFile(file)) {
      return ArchitectureSpec.parse(Files.readString(file));
    }
    throw new CommandLine.ParameterException(
        command.commandLine(),
        "'"
            + argument
            + "' is neither a preset ("
            + String.join(", ", Presets.NAMES)
            + ") nor a spec file");
  }
}
