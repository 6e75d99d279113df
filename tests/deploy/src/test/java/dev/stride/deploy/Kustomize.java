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
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Renders a kustomization as {@code kubectl apply -k} would, with the kustomize of this machine:
 * the binary named by $KUSTOMIZE ({@code kustomize build}), else {@code kustomize build} or {@code
 * kubectl kustomize} from the PATH. Without one the checks fail: there is no stand-in renderer.
 */
final class Kustomize {

  /** The objects of a kustomization, and the command that rendered them. */
  record Rendering(List<JsonNode> objects, String renderer) {}

  static final String MISSING =
      "no kustomize: install kubectl (it has kustomize built in) or kustomize, or name the binary"
          + " in $KUSTOMIZE; deploy/k8s is rendered with it";

  private Kustomize() {}

  static Rendering build(Path kustomization) {
    return build(kustomization, System.getenv());
  }

  /** Renders with the kustomize that {@code env} offers; fails if it offers none. */
  static Rendering build(Path kustomization, Map<String, String> env) {
    List<String> command = command(env).orElseThrow(() -> new IllegalStateException(MISSING));
    return new Rendering(run(command, kustomization), String.join(" ", command));
  }

  /** The kustomize command that {@code env} (its KUSTOMIZE and PATH) offers, if any. */
  static Optional<List<String>> command(Map<String, String> env) {
    String explicit = env.get("KUSTOMIZE");
    if (explicit != null && !explicit.isBlank()) {
      return Optional.of(List.of(explicit, "build"));
    }
    String path = env.getOrDefault("PATH", "");
    return onPath(path, "kustomize")
        .map(binary -> List.of(binary.toString(), "build"))
        .or(() -> onPath(path, "kubectl").map(binary -> List.of(binary.toString(), "kustomize")));
  }

  private static List<JsonNode> run(List<String> command, Path kustomization) {
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

  private static Optional<Path> onPath(String path, String name) {
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir, name);
      if (!dir.isEmpty() && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
