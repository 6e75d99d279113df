package dev.stride.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.FileNotFoundException;
import java.io.PrintWriter;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code stride predict}: asks the served model about pictures. */
@Command(
    name = "predict",
    mixinStandardHelpOptions = true,
    description = {
      "Classifies pictures (PNG, JPEG, GIF, BMP; any size) with the served model.",
      "Example: stride predict cat.png ship.jpg"
    })
public final class PredictCommand implements Callable<Integer> {

  @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "Pictures to classify.")
  List<Path> images;

  @Option(names = "--top", defaultValue = "3", description = "Classes listed per picture.")
  int top;

  @Mixin Endpoints endpoints;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    ApiClient api = new ApiClient();
    int failures = 0;
    for (Path image : images) {
      try {
        JsonNode answer =
            api.post(
                endpoints.predictor() + "/api/v1/predict?top=" + top,
                "application/octet-stream",
                HttpRequest.BodyPublishers.ofFile(image));
        JsonNode prediction = answer.path("predictions").path(0);
        StringBuilder line = new StringBuilder(image.getFileName().toString()).append(":");
        for (JsonNode entry : prediction.path("top")) {
          line.append(
              String.format(
                  Locale.ROOT,
                  "  %s %.1f%%",
                  entry.path("label").asText(),
                  entry.path("probability").asDouble() * 100));
        }
        line.append("   (model ")
            .append(answer.path("model").asText())
            .append(", run ")
            .append(answer.path("runId").asText())
            .append(")");
        out.println(line);
      } catch (FileNotFoundException e) {
        spec.commandLine().getErr().println("stride predict: no such file: " + image);
        failures++;
      } catch (CliFailure e) {
        spec.commandLine().getErr().println("stride predict: " + image + ": " + e.getMessage());
        failures++;
      }
    }
    return failures == 0 ? 0 : 1;
  }
}
