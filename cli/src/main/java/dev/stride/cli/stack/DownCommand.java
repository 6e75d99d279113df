package dev.stride.cli.stack;

import dev.stride.contracts.Json;
import dev.stride.devstack.DevStackException;
import dev.stride.devstack.LoggedProcess;
import dev.stride.devstack.stack.StackFile;
import dev.stride.devstack.stack.StackPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code stride down}: stops what {@code stride up} started. */
@Command(
    name = "down",
    mixinStandardHelpOptions = true,
    description = "Stops the services and the devstack started by 'stride up'.")
public final class DownCommand implements Callable<Integer> {

  @Option(
      names = "--dir",
      description = "The stack's folder (default: .stride/stack in the checkout).")
  Path dir;

  @Override
  public Integer call() throws Exception {
    Path directory = dir != null ? dir : StackPaths.stateDirectory().resolve("stack");
    Path stackFile = directory.resolve("stack.json");
    if (!Files.exists(stackFile)) {
      System.err.println("no stack is up (" + stackFile + " does not exist)");
      return 1;
    }
    StackFile stack = Json.fromBytes(Files.readAllBytes(stackFile), StackFile.class);
    List<StackFile.Entry> entries = new ArrayList<>(stack.processes());
    Collections.reverse(entries);
    int failures = 0;
    for (StackFile.Entry entry : entries) {
      Optional<LoggedProcess> process =
          LoggedProcess.attach(entry.name(), entry.pid(), Path.of(entry.log()));
      if (process.isEmpty()) {
        System.out.printf("  %-10s already stopped%n", entry.name());
        continue;
      }
      try {
        process.get().stop(Duration.ofSeconds(30));
        System.out.printf("  %-10s stopped%n", entry.name());
      } catch (DevStackException e) {
        System.err.println("  " + e.getMessage());
        failures++;
      }
    }
    if (failures == 0) {
      Files.delete(stackFile);
    }
    return failures == 0 ? 0 : 1;
  }
}
