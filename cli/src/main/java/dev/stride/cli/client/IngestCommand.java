package dev.stride.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stride.client.StrideClient;
import dev.stride.client.StrideClientException;
import java.io.FileNotFoundException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code stride ingest}: brings a dataset in and waits until it is ingested or refused. */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description = {
      "Ingests a dataset: the CIFAR-10 download (no source given), a URL, a local archive"
          + " (uploaded), or synthetic data; waits until it is ingested.",
      "Example: stride ingest --synthetic 2000 --id demo"
    })
public final class IngestCommand implements Callable<Integer> {

  @Option(names = "--id", description = "The dataset id (default: chosen by the service).")
  String datasetId;

  @ArgGroup(exclusive = true)
  Source source;

  static final class Source {
    @Option(names = "--url", description = "An http(s) URL of an archive.")
    String url;

    @Option(names = "--file", description = "A local tar, tar.gz or zip archive to upload.")
    Path file;

    @Option(
        names = "--synthetic",
        paramLabel = "N",
        description = "N synthetic training images (and a fifth as many for validation and test).")
    Integer synthetic;
  }

  @Option(names = "--md5", description = "The MD5 the --url archive must have.")
  String md5;

  @Option(
      names = "--validation-fraction",
      description = "Hold out this fraction of training images (default: the notebook's split).")
  Double validationFraction;

  @Option(names = "--seed", description = "Seed of the split and of synthetic data.")
  Long seed;

  @Option(names = "--no-wait", description = "Return once the request is accepted.")
  boolean noWait;

  @Option(
      names = "--timeout",
      defaultValue = "PT30M",
      description = "How long to wait (default ${DEFAULT-VALUE}).")
  Duration timeout;

  @Mixin Endpoints endpoints;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try {
      StrideClient client = endpoints.client();
      String base = endpoints.ingestion() + "/api/v1/datasets";
      String id =
          source != null && source.file != null
              ? upload(client)
              : request(client, base).path("datasetId").asText();
      out.println("dataset " + id + " accepted");
      if (noWait) {
        return 0;
      }
      return await(client, base + "/" + id, id, out);
    } catch (CliFailure | StrideClientException e) {
      spec.commandLine().getErr().println("stride ingest: " + CliFailure.message(e));
      return 1;
    }
  }

  private JsonNode request(StrideClient client, String base) {
    Map<String, Object> body = new LinkedHashMap<>();
    if (datasetId != null) {
      body.put("datasetId", datasetId);
    }
    if (source != null && source.url != null) {
      Map<String, Object> url = new LinkedHashMap<>();
      url.put("url", source.url);
      if (md5 != null) {
        url.put("md5", md5);
      }
      body.put("source", url);
    } else if (source != null && source.synthetic != null) {
      Map<String, Object> synthetic = new LinkedHashMap<>();
      synthetic.put("train", source.synthetic);
      synthetic.put("validation", Math.max(1, source.synthetic / 5));
      synthetic.put("test", Math.max(1, source.synthetic / 5));
      if (seed != null) {
        synthetic.put("seed", seed);
      }
      body.put("source", Map.of("synthetic", synthetic));
    }
    if (validationFraction != null) {
      Map<String, Object> split = new LinkedHashMap<>();
      split.put("validationFraction", validationFraction);
      if (seed != null) {
        split.put("seed", seed);
      }
      body.put("split", split);
    }
    return client.postJson(base, body);
  }

  private String upload(StrideClient client) {
    String name = source.file.getFileName().toString();
    String type =
        name.endsWith(".zip")
            ? "application/zip"
            : name.endsWith(".tar") ? "application/x-tar" : "application/gzip";
    try {
      return client
          .uploadDataset(
              endpoints.ingestion(), source.file, type, datasetId, validationFraction, seed)
          .datasetId();
    } catch (FileNotFoundException e) {
      throw new CliFailure("no such file: " + source.file);
    }
  }

  private int await(StrideClient client, String url, String id, PrintWriter out) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      JsonNode status = client.get(url);
      String state = status.path("status").asText();
      switch (state) {
        case "ingested" -> {
          JsonNode manifest = status.path("manifest");
          out.printf("dataset %s ingested: %s%n", id, Format.counts(manifest));
          return 0;
        }
        case "failed" -> {
          spec.commandLine()
              .getErr()
              .println(
                  "stride ingest: dataset " + id + " failed: " + status.path("reason").asText());
          return 1;
        }
        default -> {
          JsonNode progress = status.path("progress");
          String line =
              progress.isObject()
                  ? String.format(
                      "%s %5.1f%%",
                      progress.path("phase").asText(), progress.path("percent").asDouble())
                  : state;
          if (!line.equals(last)) {
            out.println("  " + line);
            last = line;
          }
        }
      }
      Format.pause(Duration.ofMillis(500));
    }
    spec.commandLine().getErr().println("stride ingest: still not ingested after " + timeout);
    return 1;
  }
}
