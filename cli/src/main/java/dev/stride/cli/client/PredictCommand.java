package dev.stride.cli.client;

import dev.stride.client.StrideClient;
import dev.stride.client.StrideClientException;
import dev.stride.contracts.api.PredictResponse;
import dev.stride.contracts.api.Prediction;
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
    StrideClient client = endpoints.client();
    int failures = 0;
    for (Path image : images) {
      try {
        PredictResponse answer =
            client.predict(
                endpoints.predictor(),
                HttpRequest.BodyPublishers.ofFile(image),
                "application/octet-stream",
                top);
        StringBuilder line = new StringBuilder(image.getFileName().toString()).append(":");
        for (Prediction.ClassProbability entry : answer.predictions().get(0).top()) {
          line.append(
              String.format(Locale.ROOT, "  %s %.1f%%", entry.label(), entry.probability() * 100));
        }
        line.append("   (model ")
            .append(answer.model())
            .append(", run ")
            .append(answer.runId())
            .append(")");
        out.println(line);
      } catch (FileNotFoundException e) {
        spec.commandLine().getErr().println("stride predict: no such file: " + image);
        failures++;
      } catch (CliFailure | StrideClientException e) {
        spec.commandLine()
            .getErr()
            .println("stride predict: " + image + ": " + CliFailure.message(e));
        failures++;
      }
    }
    return failures == 0 ? 0 : 1;
  }
}
