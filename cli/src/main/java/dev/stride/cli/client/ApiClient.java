package dev.stride.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** JSON over HTTP to Stride's services; a refusal becomes a {@link CliFailure} with its reason. */
public final class ApiClient {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  public JsonNode get(String url) {
    return send(HttpRequest.newBuilder(URI.create(url)).GET().build());
  }

  public JsonNode postJson(String url, Object body) {
    try {
      return send(
          HttpRequest.newBuilder(URI.create(url))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
              .build());
    } catch (IOException e) {
      throw new CliFailure("cannot write the request: " + e.getMessage());
    }
  }

  public JsonNode post(String url, String contentType, HttpRequest.BodyPublisher body) {
    return send(
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", contentType)
            .POST(body)
            .build());
  }

  public static ObjectMapper json() {
    return JSON;
  }

  private JsonNode send(HttpRequest request) {
    HttpResponse<byte[]> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (ConnectException e) {
      throw new CliFailure(
          "cannot reach "
              + request.uri().getScheme()
              + "://"
              + request.uri().getAuthority()
              + "; is Stride up? (bin/stride up)");
    } catch (IOException e) {
      throw new CliFailure(request.uri() + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliFailure("interrupted");
    }
    JsonNode body;
    try {
      body = response.body().length == 0 ? JSON.nullNode() : JSON.readTree(response.body());
    } catch (IOException e) {
      body = JSON.getNodeFactory().textNode(new String(response.body()));
    }
    if (response.statusCode() >= 400) {
      String reason = body.path("error").isTextual() ? body.get("error").asText() : body.toString();
      throw new CliFailure(
          request.method()
              + " "
              + request.uri().getPath()
              + " → "
              + response.statusCode()
              + ": "
              + reason);
    }
    return body;
  }
}
