package dev.stride.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stride.contracts.Json;
import dev.stride.contracts.events.DatasetSource;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** The REST calls the demo makes, as any client would make them. */
final class StrideHttp {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  /** A prediction as the predictor answered it. */
  record Prediction(String runId, String label, double probability) {}

  String requestDataset(String ingestion, DatasetSource source) {
    byte[] body = Json.toBytes(Map.of("source", source));
    return datasetId(
        send(
            HttpRequest.newBuilder(URI.create(ingestion + "/api/v1/datasets"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build()));
  }

  String uploadArchive(String ingestion, Path archive) {
    try {
      return datasetId(
          send(
              HttpRequest.newBuilder(URI.create(ingestion + "/api/v1/datasets"))
                  .header("Content-Type", "application/gzip")
                  .POST(HttpRequest.BodyPublishers.ofFile(archive))
                  .build()));
    } catch (java.io.FileNotFoundException e) {
      throw new DemoFailure("no such file: " + archive);
    }
  }

  Prediction predict(String predictor, byte[] png) {
    JsonNode answer =
        send(
            HttpRequest.newBuilder(URI.create(predictor + "/api/v1/predict"))
                .header("Content-Type", "image/png")
                .POST(HttpRequest.BodyPublishers.ofByteArray(png))
                .build());
    JsonNode first = answer.get("predictions").get(0);
    return new Prediction(
        answer.get("runId").asText(),
        first.get("label").asText(),
        first.get("probability").asDouble());
  }

  /** Waits until the predictor serves {@code runId} (it swaps in the background). */
  void awaitServedRun(String predictor, String runId, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode models =
          send(HttpRequest.newBuilder(URI.create(predictor + "/api/v1/models")).GET().build());
      if (models.size() > 0 && runId.equals(models.get(0).get("runId").asText())) {
        return;
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DemoFailure("interrupted");
      }
    }
    throw new DemoFailure("the predictor did not serve " + runId + " within " + timeout);
  }

  private static String datasetId(JsonNode accepted) {
    return accepted.get("datasetId").asText();
  }

  private JsonNode send(HttpRequest request) {
    try {
      HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      JsonNode body =
          response.body().length == 0 ? JSON.createObjectNode() : JSON.readTree(response.body());
      if (response.statusCode() >= 400) {
        String error = body.has("error") ? body.get("error").asText() : new String(response.body());
        throw new DemoFailure(
            request.method()
                + " "
                + request.uri()
                + " answered "
                + response.statusCode()
                + ": "
                + error);
      }
      return body;
    } catch (IOException e) {
      throw new DemoFailure(request.method() + " " + request.uri() + " failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DemoFailure("interrupted");
    }
  }
}
