package dev.stride.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stride.devstack.stack.StackPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Where the services are: an option, else {@code STRIDE_<SERVICE>_URL}, else the stack that {@code
 * bin/stride up} started, else the default local ports.
 */
public final class Endpoints {

  private static final Map<String, Integer> DEFAULT_PORTS =
      Map.of("console", 8090, "ingestion", 8081, "predictor", 8080);

  @Option(
      names = "--console",
      paramLabel = "URL",
      description = "The console (default: STRIDE_CONSOLE_URL, the local stack, :8090).")
  String console;

  @Option(
      names = "--ingestion",
      paramLabel = "URL",
      description =
          "The ingestion service (default: STRIDE_INGESTION_URL, the local stack, :8081).")
  String ingestion;

  @Option(
      names = "--predictor",
      paramLabel = "URL",
      description = "The predictor (default: STRIDE_PREDICTOR_URL, the local stack, :8080).")
  String predictor;

  public String console() {
    return resolve("console", console);
  }

  public String ingestion() {
    return resolve("ingestion", ingestion);
  }

  public String predictor() {
    return resolve("predictor", predictor);
  }

  private static String resolve(String service, String given) {
    if (given != null && !given.isBlank()) {
      return strip(given);
    }
    String env = System.getenv("STRIDE_" + service.toUpperCase() + "_URL");
    if (env != null && !env.isBlank()) {
      return strip(env);
    }
    Path stackFile = StackPaths.stateDirectory().resolve("stack/stack.json");
    if (Files.isRegularFile(stackFile)) {
      try {
        JsonNode url =
            new ObjectMapper().readTree(stackFile.toFile()).path("endpoints").path(service);
        if (url.isTextual()) {
          return strip(url.asText());
        }
      } catch (IOException e) {
        // an unreadable stack file: fall back to the default port
      }
    }
    return "http://localhost:" + DEFAULT_PORTS.get(service);
  }

  private static String strip(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
