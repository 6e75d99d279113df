package dev.stride.trainer.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PATCH the worker sends to the API server, against a loopback stand-in. */
class PodPatcherTest {

  private record Call(String method, String path, String contentType, String auth, String body) {}

  @TempDir Path serviceAccount;
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private final AtomicInteger status = new AtomicInteger(200);
  private HttpServer server;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          calls.add(
              new Call(
                  exchange.getRequestMethod(),
                  exchange.getRequestURI().getPath(),
                  exchange.getRequestHeaders().getFirst("Content-Type"),
                  exchange.getRequestHeaders().getFirst("Authorization"),
                  new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
          byte[] answer = "{\"kind\":\"Status\",\"reason\":\"Forbidden\"}".getBytes();
          exchange.sendResponseHeaders(status.get(), answer.length);
          exchange.getResponseBody().write(answer);
          exchange.close();
        });
    server.start();
    Files.writeString(serviceAccount.resolve("token"), "the-token\n");
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private PodPatcher patcher() {
    URI api = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    return new PodPatcher(api, "stride", "trainer-7d9f-x2", serviceAccount, Duration.ofSeconds(5));
  }

  @Test
  void mergePatchesTheAnnotationOfItsOwnPodAsItsServiceAccount() throws Exception {
    patcher().setDeletionCost(1_000_000);

    assertThat(calls).hasSize(1);
    Call call = calls.get(0);
    assertThat(call.method()).isEqualTo("PATCH");
    assertThat(call.path()).isEqualTo("/api/v1/namespaces/stride/pods/trainer-7d9f-x2");
    assertThat(call.contentType()).isEqualTo("application/merge-patch+json");
    assertThat(call.auth()).isEqualTo("Bearer the-token");
    JsonNode body = new ObjectMapper().readTree(call.body());
    assertThat(body.toString())
        .isEqualTo(
            "{\"metadata\":{\"annotations\":"
                + "{\"controller.kubernetes.io/pod-deletion-cost\":\"1000000\"}}}");
  }

  @Test
  void readsTheTokenAgainAtEveryCallAsKubernetesRenewsIt() throws Exception {
    PodPatcher patcher = patcher();
    patcher.setDeletionCost(1_000_000);
    Files.writeString(serviceAccount.resolve("token"), "a-renewed-token");
    patcher.setDeletionCost(0);

    assertThat(calls)
        .extracting(Call::auth)
        .containsExactly("Bearer the-token", "Bearer a-renewed-token");
    assertThat(calls.get(1).body())
        .contains("\"controller.kubernetes.io/pod-deletion-cost\":\"0\"");
  }

  @Test
  void aRefusalIsAnIOExceptionNamingThePodAndTheAnswer() {
    status.set(403);
    assertThatThrownBy(() -> patcher().setDeletionCost(0))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("/api/v1/namespaces/stride/pods/trainer-7d9f-x2")
        .hasMessageContaining("403")
        .hasMessageContaining("Forbidden");
  }

  @Test
  void aMissingCaCertificateIsAnIOExceptionNotACrash() {
    PodPatcher https =
        new PodPatcher(
            URI.create("https://kubernetes.default.svc"),
            "stride",
            "trainer-0",
            serviceAccount,
            Duration.ofSeconds(1));
    assertThatThrownBy(() -> https.setDeletionCost(0)).isInstanceOf(IOException.class);
  }
}
