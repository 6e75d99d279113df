package dev.stride.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stride.client.StrideClientException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code stride runs}: the runs the console knows, newest first. */
@Command(
    name = "runs",
    mixinStandardHelpOptions = true,
    description =
        "Lists training runs: status, architecture, dataset, accuracies, device, duration.")
public final class RunsCommand implements Callable<Integer> {

  @Mixin Endpoints endpoints;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try {
      JsonNode runs = endpoints.client().get(endpoints.console() + "/api/v1/runs");
      out.println(table(runs));
      return 0;
    } catch (CliFailure | StrideClientException e) {
      spec.commandLine().getErr().println("stride runs: " + CliFailure.message(e));
      return 1;
    }
  }

  static String table(JsonNode runs) {
    String format = "%-22s %-10s %-16s %-14s %9s %9s %-8s %9s%n";
    StringBuilder table =
        new StringBuilder(
            String.format(
                format,
                "RUN",
                "STATUS",
                "ARCHITECTURE",
                "DATASET",
                "BEST VAL",
                "TEST",
                "DEVICE",
                "TIME"));
    for (JsonNode run : runs) {
      table.append(
          String.format(
              format,
              run.path("runId").asText(),
              run.path("status").asText(),
              run.path("architecture").asText("-"),
              run.path("datasetId").asText("-"),
              Format.percent(run.path("bestValAccuracy")),
              Format.percent(run.path("testAccuracy")),
              run.path("device").asText("-"),
              run.path("durationSeconds").isNumber()
                  ? Format.duration(run.path("durationSeconds").asDouble())
                  : "-"));
    }
    if (runs.isEmpty()) {
      table.append("(no runs yet: stride train --dataset <id>)\n");
    }
    return table.toString().stripTrailing();
  }
}
