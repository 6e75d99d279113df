package dev.stride.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.stride.contracts.api.DatasetStatus;
import dev.stride.contracts.api.ErrorBody;
import dev.stride.contracts.api.IngestRequest;
import dev.stride.contracts.api.PredictResponse;
import dev.stride.contracts.api.Promotion;
import dev.stride.contracts.events.DatasetSource;
import dev.stride.contracts.events.SyntheticSpec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client against a real HTTP server on loopback that answers as the services do. */
class StrideClientTest {

  private HttpServer server;
  private String url;
  private final Map<String, Answer> answers = new ConcurrentHashMap<>();
  private final List<Seen> seen = new CopyOnWriteArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);

  private record Answer(int status, String contentType, String body) {}

  /** A request as the server saw it. */
  private record Seen(String line, String contentType, String authorization, String body) {}

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::answer);
    server.createContext("/slow", this::slow);
    server.setExecutor(Executors.newCachedThreadPool());
    server.start();
    url = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    release.countDown();
    server.stop(0);
  }

  private void on(String request, int status, String contentType, String body) {
    answers.put(request, new Answer(status, contentType, body));
  }

  private void answer(HttpExchange exchange) throws IOException {
    String line = exchange.getRequestMethod() + " " + exchange.getRequestURI();
    seen.add(
        new Seen(
            line,
            exchange.getRequestHeaders().getFirst("Content-Type"),
            exchange.getRequestHeaders().getFirst("Authorization"),
            new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
    Answer answer =
        answers.getOrDefault(line, new Answer(404, "application/json", "{\"error\":\"no route\"}"));
    byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", answer.contentType());
    exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  /** Answers only once the test is over. */
  private void slow(HttpExchange exchange) throws IOException {
    try {
      release.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    exchange.sendResponseHeaders(204, -1);
    exchange.close();
  }

  @Test
  void decodesAnAnswerIntoTheContractsRecord() {
    on(
        "POST /api/v1/predict?top=2",
        200,
        "application/json",
        "{\"model\":\"cifar10\",\"runId\":\"run-1\",\"predictions\":[{\"image\":null,\"runId\":\"run-1\","
            + "\"label\":\"cat\",\"probability\":0.7,\"top\":[{\"label\":\"cat\",\"probability\":0.7},"
            + "{\"label\":\"dog\",\"probability\":0.2}],\"probabilities\":{\"cat\":0.7,\"dog\":0.2},"
            + "\"later\":\"a field a newer predictor adds\"}]}");

    PredictResponse answer =
        StrideClient.create()
            .predict(url, BodyPublishers.ofByteArray(new byte[] {1, 2}), "image/png", 2);

    assertThat(answer.model()).isEqualTo("cifar10");
    assertThat(answer.runId()).isEqualTo("run-1");
    assertThat(answer.predictions().get(0).label()).isEqualTo("cat");
    assertThat(answer.predictions().get(0).top().get(1).label()).isEqualTo("dog");
    assertThat(seen.get(0).contentType()).isEqualTo("image/png");
  }

  @Test
  void sendsTheContractsRecordAsJson() {
    on(
        "POST /api/v1/datasets",
        202,
        "application/json",
        "{\"datasetId\":\"demo\",\"status\":\"requested\",\"progress\":null}");

    DatasetStatus accepted =
        StrideClient.create()
            .requestDataset(
                url,
                new IngestRequest(
                    "demo", DatasetSource.ofSynthetic(new SyntheticSpec(100, 20, 20, 7L)), null));

    assertThat(accepted).isEqualTo(DatasetStatus.of("demo", "requested"));
    assertThat(seen.get(0).contentType()).isEqualTo("application/json");
    assertThat(seen.get(0).body())
        .isEqualTo(
            "{\"datasetId\":\"demo\",\"source\":{\"synthetic\":"
                + "{\"train\":100,\"validation\":20,\"test\":20,\"seed\":7}}}");
  }

  @Test
  void uploadsAnArchiveWithItsOptionsInTheQuery(@TempDir Path dir) throws Exception {
    Path archive = Files.write(dir.resolve("a.tar.gz"), new byte[] {31, -117});
    on(
        "POST /api/v1/datasets?datasetId=my+set&validationFraction=0.1&seed=3",
        202,
        "application/json",
        "{\"datasetId\":\"my set\",\"status\":\"requested\"}");

    DatasetStatus accepted =
        StrideClient.create().uploadDataset(url, archive, "application/gzip", "my set", 0.1, 3L);

    assertThat(accepted.datasetId()).isEqualTo("my set");
    assertThat(seen.get(0).contentType()).isEqualTo("application/gzip");
  }

  @Test
  void aRefusalCarriesItsStatusAndErrorBody() {
    on(
        "POST /api/v1/runs",
        400,
        "application/json",
        "{\"error\":\"epochs must be positive\",\"field\":\"hyperparameters.epochs\"}");

    StrideClientException e =
        catchThrowableOfType(
            StrideClientException.class,
            () -> StrideClient.create().postJson(url + "/api/v1/runs", Map.of("epochs", -1)));

    assertThat(e.status()).isEqualTo(400);
    assertThat(e.answered()).isTrue();
    assertThat(e.error())
        .isEqualTo(new ErrorBody("epochs must be positive", "hyperparameters.epochs"));
    assertThat(e.getMessage()).isEqualTo("POST /api/v1/runs → 400: epochs must be positive");
    assertThat(seen.get(0).body()).isEqualTo("{\"epochs\":-1}");
  }

  @Test
  void aServerErrorCarriesItsErrorBodyToo() {
    on(
        "GET /api/v1/models",
        503,
        "application/json",
        "{\"error\":\"no model is served yet for 'cifar10'\"}");

    StrideClientException e =
        catchThrowableOfType(
            StrideClientException.class, () -> StrideClient.create().serves(url, "run-1"));

    assertThat(e.status()).isEqualTo(503);
    assertThat(e.error()).isEqualTo(new ErrorBody("no model is served yet for 'cifar10'"));
  }

  @Test
  void anErrorThatIsNotJsonIsItsText() {
    on("GET /api/v1/runs", 502, "text/html", "<html>Bad Gateway</html>\n");
    on("GET /api/v1/runs/r", 500, "text/plain", "");

    StrideClient client = StrideClient.create();
    StrideClientException page =
        catchThrowableOfType(StrideClientException.class, () -> client.get(url + "/api/v1/runs"));
    StrideClientException empty =
        catchThrowableOfType(StrideClientException.class, () -> client.get(url + "/api/v1/runs/r"));

    assertThat(page.status()).isEqualTo(502);
    assertThat(page.error()).isEqualTo(new ErrorBody("<html>Bad Gateway</html>"));
    assertThat(empty.error()).isEqualTo(new ErrorBody("(empty answer)"));
  }

  @Test
  void anAnswerThatIsNotTheRecordIsAFailureWithItsStatus() {
    on("POST /api/v1/predict", 200, "text/plain", "hello");

    StrideClientException e =
        catchThrowableOfType(
            StrideClientException.class,
            () ->
                StrideClient.create()
                    .predict(url, BodyPublishers.ofByteArray(new byte[1]), "image/png", null));

    assertThat(e.status()).isEqualTo(200);
    assertThat(e.error().error()).startsWith("not a PredictResponse: ");
  }

  @Test
  void sendsTheApiKeyAsABearerToken() {
    on("GET /api/v1/models", 200, "application/json", "[{\"runId\":\"run-1\"}]");

    assertThat(StrideClient.builder().optApiKey("k-123").build().serves(url, "run-1")).isTrue();
    assertThat(StrideClient.create().serves(url, "run-2")).isFalse();

    assertThat(seen.get(0).authorization()).isEqualTo("Bearer k-123");
    assertThat(seen.get(1).authorization()).isNull();
  }

  @Test
  void exchangeHandsBackAnyAnswerAsItIs() {
    on(
        "POST /api/v1/models/cifar10/promote",
        409,
        "application/json",
        "{\"error\":\"run r has no evaluation\"}");

    StrideClient client = StrideClient.create();
    StrideClient.Answer answer =
        client.exchange(client.promoteRequest(url, "cifar10", new Promotion("r", null)));

    assertThat(answer.status()).isEqualTo(409);
    assertThat(answer.contentType()).isEqualTo("application/json");
    assertThat(answer.text()).isEqualTo("{\"error\":\"run r has no evaluation\"}");
    assertThat(seen.get(0).body()).isEqualTo("{\"runId\":\"r\"}");
  }

  @Test
  void aServiceThatIsNotUpIsUnreachable() {
    StrideClientException e =
        catchThrowableOfType(
            StrideClientException.class,
            () -> StrideClient.create().get("http://127.0.0.1:1/api/v1/runs"));

    assertThat(e.answered()).isFalse();
    assertThat(e.unreachable()).isTrue();
    assertThat(e.status()).isZero();
    assertThat(e.error()).isNull();
    assertThat(e.getMessage()).isEqualTo("cannot reach http://127.0.0.1:1");
  }

  @Test
  void anAnswerThatTakesTooLongTimesOut() {
    StrideClient client = StrideClient.builder().optRequestTimeout(Duration.ofMillis(200)).build();

    StrideClientException e =
        catchThrowableOfType(StrideClientException.class, () -> client.get(url + "/slow"));

    assertThat(e.answered()).isFalse();
    assertThat(e.getCause()).isInstanceOf(HttpTimeoutException.class);
    assertThat(e.getMessage()).startsWith(url + "/slow: ");
  }

  @Test
  void anyJsonIsATree() {
    on("GET /api/v1/runs", 200, "application/json", "[{\"runId\":\"r\",\"status\":\"running\"}]");
    on("GET /empty", 200, "application/json", "");

    StrideClient client = StrideClient.create();
    JsonNode runs = client.get(url + "/api/v1/runs");

    assertThat(runs.get(0).path("status").asText()).isEqualTo("running");
    assertThat(client.get(url + "/empty").isNull()).isTrue();
  }
}
