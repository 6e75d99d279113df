package dev.stride.console.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.stride.console.ConsoleConfig;
import dev.stride.contracts.api.ErrorBody;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The forwards as plain calls: what reaches the other service, and its answer handed back as is.
 */
class ForwarderTest {

  private static final String REFUSAL = "{\"error\":\"run r has no evaluation\"}";

  private HttpServer server;
  private final List<String> seen = new CopyOnWriteArrayList<>();
  private final List<String> keys = new CopyOnWriteArrayList<>();
  private final Forwarder forwarder = new Forwarder();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::answer);
    server.start();
    forwarder.config = urls("http://127.0.0.1:" + server.getAddress().getPort());
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  /** Every service at {@code url}; nothing else of the configuration is read. */
  private static ConsoleConfig urls(String url) {
    return (ConsoleConfig)
        Proxy.newProxyInstance(
            ConsoleConfig.class.getClassLoader(),
            new Class<?>[] {ConsoleConfig.class},
            (proxy, method, args) -> {
              if (method.getName().endsWith("Url")) {
                return url;
              }
              throw new UnsupportedOperationException(method.getName());
            });
  }

  private void answer(HttpExchange exchange) throws IOException {
    keys.add(
        exchange.getRequestHeaders().getFirst("Authorization")
            + " "
            + exchange.getRequestHeaders().getFirst("X-API-Key"));
    seen.add(
        exchange.getRequestMethod()
            + " "
            + exchange.getRequestURI()
            + " "
            + exchange.getRequestHeaders().getFirst("Content-Type")
            + " "
            + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    byte[] body = REFUSAL.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json;charset=UTF-8");
    exchange.sendResponseHeaders(409, body.length);
    exchange.getResponseBody().write(body);
    exchange.close();
  }

  @Test
  void aPictureGoesWithItsTypeAndTheAnswerComesBackAsItIs() {
    Response answer = forwarder.predict(new byte[] {'P', 'N', 'G'}, "image/png", 2);

    assertThat(seen).containsExactly("POST /api/v1/predict?top=2 image/png PNG");
    assertThat(answer.getStatus()).isEqualTo(409);
    assertThat(answer.getMediaType().toString()).isEqualTo("application/json;charset=UTF-8");
    assertThat((byte[]) answer.getEntity()).isEqualTo(REFUSAL.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aPictureWithoutATypeIsSentAsBytes() {
    forwarder.predict(null, null, null);

    assertThat(seen).containsExactly("POST /api/v1/predict application/octet-stream ");
  }

  @Test
  void anIngestRequestIsSentAsItCame() {
    forwarder.ingest("{\"datasetId\":\"d\"}".getBytes(StandardCharsets.UTF_8));

    assertThat(seen)
        .containsExactly("POST /api/v1/datasets application/json {\"datasetId\":\"d\"}");
  }

  @Test
  void aPromotionNamesTheRun() {
    Response answer = forwarder.promote("cifar10", "r", null, null);

    assertThat(seen)
        .containsExactly("POST /api/v1/models/cifar10/promote application/json {\"runId\":\"r\"}");
    assertThat(answer.getStatus()).isEqualTo(409);
  }

  @Test
  void aPromotionCarriesTheCallersKeyAndNoOther() {
    forwarder.promote("cifar10", "r", "Bearer k1", null);
    forwarder.promote("cifar10", "r", null, "k2");
    forwarder.promote("cifar10", "r", null, null);

    assertThat(keys).containsExactly("Bearer k1 null", "null k2", "null null");
  }

  @Test
  void aServiceThatCannotBeReachedIs502() {
    forwarder.config = urls("http://127.0.0.1:1");

    Response answer = forwarder.promote("cifar10", "r", null, null);

    assertThat(answer.getStatus()).isEqualTo(502);
    assertThat(((ErrorBody) answer.getEntity()).error())
        .startsWith("cannot reach 127.0.0.1:1: java.net.ConnectException");
  }
}
