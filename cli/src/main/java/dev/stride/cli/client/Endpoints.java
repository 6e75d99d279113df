package dev.stride.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stride.client.StrideClient;
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
      Map.of("console", 8090, "ingestion", 8081, "predictor", 8080, "evaluator", 8083);

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

  @Option(
      names = "--evaluator",
      paramLabel = "URL",
      description = "The evaluator (default: STRIDE_EVALUATOR_URL, the local stack, :8083).")
  String evaluator;

  @Option(
      names = "--api-key",
      paramLabel = "KEY",
      defaultValue = "${env:STRIDE_API_KEY}",
      description =
          "The API key sent to services whose keys are on (default: STRIDE_API_KEY); actions"
              + " need role control.")
  String apiKey;

  /** A client that sends the API key, if one is given. */
  public StrideClient client() {
    return StrideClient.builder().optApiKey(apiKey).build();
  }

  public String console() {
    return resolve("console", console);
  }

  public String ingestion() {
    return resolve("ingestion", ingestion);
  }

  public String predictor() {
    return resolve("predictor", predictor);
  }

  public String evaluator() {
    return resolve("evaluator", evaluator);
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
