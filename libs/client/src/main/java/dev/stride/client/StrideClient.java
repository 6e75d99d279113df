package dev.stride.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.stride.contracts.Json;
import dev.stride.contracts.api.DatasetStatus;
import dev.stride.contracts.api.ErrorBody;
import dev.stride.contracts.api.IngestRequest;
import dev.stride.contracts.api.PredictResponse;
import dev.stride.contracts.api.Promotion;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.StringJoiner;

/**
 * Stride's REST APIs as Java calls, over the JDK's HttpClient and the contracts' JSON mapping. Each
 * call takes the service's base URL ({@code http://127.0.0.1:8081}), so one client serves every
 * service; it is thread-safe, share one. An answer is decoded into the contracts' record where the
 * API has one, else into a JSON tree. A 4xx or 5xx answer, or none, is a {@link
 * StrideClientException} carrying the status and the service's {@link ErrorBody}.
 *
 * <p>Each endpoint also has its request on its own ({@code *Request}), for callers that need the
 * answer as it is: the console forwards it to its UI, the benchmarks count statuses under load.
 */
public final class StrideClient {

  private static final String APPLICATION_JSON = "application/json";
  private static final String DATASETS = "/api/v1/datasets";

  private final HttpClient http;
  private final Duration requestTimeout;
  private final String apiKey;

  private StrideClient(Builder builder) {
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(builder.connectTimeout)
            .build();
    this.requestTimeout = builder.requestTimeout;
    this.apiKey = builder.apiKey;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** 5 s to connect, no limit on the answer, no API key. */
  public static StrideClient create() {
    return builder().build();
  }

  // ingestion

  /** Asks for an ingest (a URL, an object, synthetic data; CIFAR-10 without a source). */
  public DatasetStatus requestDataset(String ingestion, IngestRequest request) {
    return send(ingestRequest(ingestion, Json.toBytes(request)), DatasetStatus.class);
  }

  /** An ingest request as JSON bytes, the body of {@code POST /api/v1/datasets}. */
  public HttpRequest ingestRequest(String ingestion, byte[] json) {
    return post(ingestion + DATASETS, APPLICATION_JSON, BodyPublishers.ofByteArray(json));
  }

  /**
   * Uploads an archive (tar, tar.gz or zip) to ingest; a null {@code datasetId}, {@code
   * validationFraction} or {@code seed} leaves the choice to the service.
   */
  public DatasetStatus uploadDataset(
      String ingestion,
      Path archive,
      String contentType,
      String datasetId,
      Double validationFraction,
      Long seed)
      throws FileNotFoundException {
    StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
    if (datasetId != null) {
      query.add("datasetId=" + URLEncoder.encode(datasetId, StandardCharsets.UTF_8));
    }
    if (validationFraction != null) {
      query.add("validationFraction=" + validationFraction);
    }
    if (seed != null) {
      query.add("seed=" + seed);
    }
    return send(
        post(ingestion + DATASETS + query, contentType, BodyPublishers.ofFile(archive)),
        DatasetStatus.class);
  }

  // predictor

  /** Classifies one picture (PNG, JPEG, GIF, BMP); {@code top} null: the predictor's default. */
  public PredictResponse predict(
      String predictor, BodyPublisher picture, String contentType, Integer top) {
    return send(predictRequest(predictor, picture, contentType, top), PredictResponse.class);
  }

  public HttpRequest predictRequest(
      String predictor, BodyPublisher picture, String contentType, Integer top) {
    String query = top == null ? "" : "?top=" + top;
    return post(predictor + "/api/v1/predict" + query, contentType, picture);
  }

  /** Whether the predictor serves the model trained in {@code runId} (it swaps models in turn). */
  public boolean serves(String predictor, String runId) {
    JsonNode models = get(predictor + "/api/v1/models");
    return models.size() > 0 && runId.equals(models.get(0).path("runId").asText());
  }

  // evaluator

  /** Makes a run's checkpoint the one {@code modelName} serves, in the evaluator's registry. */
  public HttpRequest promoteRequest(String evaluator, String modelName, Promotion promotion) {
    return post(
        evaluator + "/api/v1/models/" + modelName + "/promote",
        APPLICATION_JSON,
        BodyPublishers.ofByteArray(Json.toBytes(promotion)));
  }

  // any JSON API (the console's run views have no record in the contracts)

  public JsonNode get(String url) {
    return send(request(url).GET().build(), JsonNode.class);
  }

  public JsonNode postJson(String url, Object body) {
    return send(
        post(url, APPLICATION_JSON, BodyPublishers.ofByteArray(Json.toBytes(body))),
        JsonNode.class);
  }

  public HttpRequest post(String url, String contentType, BodyPublisher body) {
    return request(url).header("Content-Type", contentType).POST(body).build();
  }

  /** A request to {@code url} with this client's API key and timeout. */
  public HttpRequest.Builder request(String url) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
    if (requestTimeout != null) {
      request.timeout(requestTimeout);
    }
    if (apiKey != null) {
      request.header("Authorization", "Bearer " + apiKey);
    }
    return request;
  }

  /**
   * Sends {@code request} and decodes a 2xx or 3xx answer as {@code type}; {@link JsonNode} takes
   * any body (an empty one is null, one that is not JSON a text node).
   *
   * @throws StrideClientException for a 4xx or 5xx answer, one that is not a {@code type}, or none
   */
  public <T> T send(HttpRequest request, Class<T> type) {
    Answer answer = exchange(request);
    if (answer.status() >= 400) {
      throw StrideClientException.failed(request, answer.status(), errorBody(answer.body()));
    }
    if (type == JsonNode.class) {
      return type.cast(tree(answer.body()));
    }
    try {
      return Json.fromBytes(answer.body(), type);
    } catch (IOException e) {
      throw StrideClientException.failed(
          request,
          answer.status(),
          new ErrorBody("not a " + type.getSimpleName() + ": " + e.getMessage()));
    }
  }

  /**
   * Sends {@code request} and hands back the answer as it is, whatever its status.
   *
   * @throws StrideClientException when no answer came
   */
  public Answer exchange(HttpRequest request) {
    try {
      HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      return new Answer(
          response.statusCode(),
          response.headers().firstValue("Content-Type").orElse(null),
          response.body());
    } catch (IOException e) {
      throw StrideClientException.unanswered(request, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw StrideClientException.interrupted(request, e);
    }
  }

  /**
   * The one reading of an error answer: a service's {@code {"error", "field"}}, else (a proxy's
   * page, an empty body) the text itself.
   */
  static ErrorBody errorBody(byte[] body) {
    JsonNode tree = tree(body);
    if (tree.path("error").isTextual()) {
      JsonNode field = tree.path("field");
      return new ErrorBody(tree.get("error").asText(), field.isTextual() ? field.asText() : null);
    }
    String text = new String(body, StandardCharsets.UTF_8).strip();
    return new ErrorBody(text.isEmpty() ? "(empty answer)" : text);
  }

  private static JsonNode tree(byte[] body) {
    if (body.length == 0) {
      return JsonNodeFactory.instance.nullNode();
    }
    try {
      return Json.tree(body);
    } catch (IOException e) {
      // not JSON: the body as text, for the caller to show
      return JsonNodeFactory.instance.textNode(new String(body, StandardCharsets.UTF_8));
    }
  }

  /** An answer as it came: its status, Content-Type (null if none) and body. */
  public record Answer(int status, String contentType, byte[] body) {

    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /** DJL style: {@code opt*} for what has a default. */
  public static final class Builder {

    private String apiKey;
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration requestTimeout;

    private Builder() {}

    /** Sent as {@code Authorization: Bearer <key>} on every request; none by default. */
    public Builder optApiKey(String apiKey) {
      this.apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey.strip();
      return this;
    }

    /** How long to wait for a connection (default 5 s). */
    public Builder optConnectTimeout(Duration connectTimeout) {
      this.connectTimeout = connectTimeout;
      return this;
    }

    /** How long to wait for an answer; no limit by default (a large upload takes its time). */
    public Builder optRequestTimeout(Duration requestTimeout) {
      this.requestTimeout = requestTimeout;
      return this;
    }

    public StrideClient build() {
      return new StrideClient(this);
    }
  }
}
