package dev.stride.trainer.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.stride.trainer.TrainerConfig;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The worker's runs, as the request loop reports them, reach its pod's annotation. */
class PodDeletionCostTest {

  private static final String ANNOTATION = "\"controller.kubernetes.io/pod-deletion-cost\":";

  @TempDir Path serviceAccount;
  private final List<String> bodies = new CopyOnWriteArrayList<>();
  private final AtomicInteger status = new AtomicInteger(200);
  private HttpServer server;
  private PodDeletionCost cost;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/api/v1/namespaces/stride/pods/trainer-0",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          int answer = status.get();
          bodies.add(answer + " " + body);
          exchange.sendResponseHeaders(answer, -1);
          exchange.close();
        });
    server.start();
    Files.writeString(serviceAccount.resolve("token"), "t");
  }

  @AfterEach
  void stop() {
    if (cost != null) {
      cost.onStop(null);
    }
    server.stop(0);
  }

  private static TrainerConfig config(Map<String, String> settings) {
    Map<String, String> all = new HashMap<>(settings);
    for (String key : List.of("endpoint", "access-key", "secret-key", "bucket", "region")) {
      all.put("trainer.store." + key, "x");
    }
    return new SmallRyeConfigBuilder()
        .withMapping(TrainerConfig.class)
        .withSources(new PropertiesConfigSource(all, "test", 100))
        .addDefaultSources()
        .addDefaultInterceptors()
        .build()
        .getConfigMapping(TrainerConfig.class);
  }

  private PodDeletionCost open(Map<String, String> settings) {
    PodDeletionCost bean = new PodDeletionCost();
    bean.config = config(settings);
    bean.open();
    return bean;
  }

  private Map<String, String> enabled() {
    return Map.of(
        "trainer.pod-deletion-cost.enabled", "true",
        "trainer.pod-deletion-cost.api-url", "http://127.0.0.1:" + server.getAddress().getPort(),
        "trainer.pod-deletion-cost.service-account-directory", serviceAccount.toString(),
        "trainer.pod-deletion-cost.pod-name", "trainer-0",
        "trainer.pod-deletion-cost.pod-namespace", "stride");
  }

  private void awaitCalls(int n) {
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> bodies.size() >= n);
  }

  @Test
  void busyWhileRunsTrainIdleAfterAndAFailedCallIsMadeAgainAtTheNextChange() {
    cost = open(enabled());
    cost.runsActive(1);
    awaitCalls(1);
    cost.runsActive(2);
    cost.runsActive(0);
    awaitCalls(2);
    assertThat(bodies.get(0)).startsWith("200").contains(ANNOTATION + "\"1000000\"");
    assertThat(bodies.get(1)).startsWith("200").contains(ANNOTATION + "\"0\"");

    status.set(503);
    cost.runsActive(1);
    awaitCalls(3);
    status.set(200);
    cost.runsActive(2);
    awaitCalls(4);
    assertThat(bodies.subList(2, 4))
        .containsExactly(
            "503 {\"metadata\":{\"annotations\":{" + ANNOTATION + "\"1000000\"}}}",
            "200 {\"metadata\":{\"annotations\":{" + ANNOTATION + "\"1000000\"}}}");
  }

  @Test
  void offByDefaultAndThenCallsNothing() {
    cost = open(Map.of());
    cost.runsActive(1);
    cost.runsActive(0);
    assertThat(config(Map.of()).podDeletionCost().enabled()).isFalse();
    assertThat(config(Map.of()).podDeletionCost().apiUrl())
        .hasToString("https://kubernetes.default.svc");
    assertThat(bodies).isEmpty();
  }

  @Test
  void enabledWithoutThePodsNameStopsTheStartNamingTheVariable() {
    Map<String, String> settings = new HashMap<>(enabled());
    settings.remove("trainer.pod-deletion-cost.pod-name");
    // POD_NAME is not set where the tests run: the default, ${POD_NAME:}, is empty
    assertThatThrownBy(() -> open(settings))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("trainer.pod-deletion-cost.pod-name")
        .hasMessageContaining("POD_NAME");
  }
}
