package dev.stride.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stride.client.StrideClientException;
import java.net.URLEncoder;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code stride rollback}: puts back an earlier entry of a model name in the evaluator's registry.
 */
@Command(
    name = "rollback",
    mixinStandardHelpOptions = true,
    description = {
      "Undoes the promotion that put the current run in place (rollbacks walk back through the"
          + " history), or with --to every promotion after that run's.",
      "Example: stride rollback --model cifar10 --to run-40"
    })
public final class RollbackCommand implements Callable<Integer> {

  @Option(
      names = "--model",
      defaultValue = "cifar10",
      description = "The model name (default ${DEFAULT-VALUE}).")
  String modelName;

  @Option(names = "--to", paramLabel = "RUN", description = "The run to go back to.")
  String toRunId;

  @Mixin Endpoints endpoints;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    String url =
        endpoints.evaluator()
            + "/api/v1/models/"
            + URLEncoder.encode(modelName, StandardCharsets.UTF_8)
            + "/rollback"
            + (toRunId == null ? "" : "?to=" + URLEncoder.encode(toRunId, StandardCharsets.UTF_8));
    try {
      JsonNode pointer =
          endpoints
              .client()
              .send(
                  endpoints.client().post(url, "application/json", BodyPublishers.noBody()),
                  JsonNode.class);
      spec.commandLine()
          .getOut()
          .printf(
              Locale.ROOT,
              "%s now serves run %s (test accuracy %s), in place of %s%n",
              pointer.path("modelName").asText(),
              pointer.path("runId").asText(),
              Format.percent(pointer.path("testAccuracy")),
              pointer.path("previousRunId").asText("-"));
      return 0;
    } catch (CliFailure | StrideClientException e) {
      spec.commandLine().getErr().println("stride rollback: " + CliFailure.message(e));
      return 1;
    }
  }
}
