package dev.stride.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Renders a kustomization as {@code kubectl apply -k} would: with a kustomize found on this machine
 * (the binary named by $KUSTOMIZE, {@code kustomize} or {@code kubectl kustomize} on the PATH),
 * else with {@link MiniKustomize}, which covers what deploy/k8s uses.
 */
final class Kustomize {

  /** The objects of a kustomization, and which renderer produced them. */
  record Rendering(List<JsonNode> objects, String renderer) {}

  private Kustomize() {}

  static Rendering build(Path kustomization) {
    Optional<List<String>> command = command();
    if (command.isPresent()) {
      return new Rendering(run(command.get(), kustomization), String.join(" ", command.get()));
    }
    return new Rendering(MiniKustomize.build(kustomization), "MiniKustomize");
  }

  /** The kustomize command of this machine, if it has one. */
  static Optional<List<String>> command() {
    String explicit = System.getenv("KUSTOMIZE");
    if (explicit != null && !explicit.isBlank()) {
      return Optional.of(List.of(explicit, "build"));
    }
    return onPath("kustomize")
        .map(binary -> List.of(binary.toString(), "build"))
        .or(() -> onPath("kubectl").map(binary -> List.of(binary.toString(), "kustomize")));
  }

  static List<JsonNode> run(List<String> command, Path kustomization) {
    List<String> arguments = new ArrayList<>(command);
    arguments.add(kustomization.toString());
    try {
      Path errors = Files.createTempFile("kustomize", ".err");
      Process process = new ProcessBuilder(arguments).redirectError(errors.toFile()).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(2, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IllegalStateException(arguments + " did not finish");
      }
      String stderr = Files.readString(errors);
      Files.delete(errors);
      if (process.exitValue() != 0) {
        throw new IllegalStateException(arguments + " failed: " + stderr);
      }
      return Yamls.parseAll(output);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Optional<Path> onPath(String name) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir, name);
      if (!dir.isEmpty() && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
