package dev.stride.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stride.devstack.LoggedProcess;
import dev.stride.devstack.stack.LocalStack;
import dev.stride.devstack.stack.Service;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.awaitility.Awaitility;

/**
 * A local stack for the outage ITs, with the process id each service started with, so that a test
 * can tell a service that recovered by itself from one that was restarted.
 */
record StartedStack(LocalStack stack, Map<Service, Long> pids) implements AutoCloseable {

  /** Starts every service, quietly, under target/{@code name}-*, with {@code env} for each. */
  static StartedStack start(String name, Map<String, String> env) throws Exception {
    Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), name + "-");
    LocalStack stack =
        LocalStack.start(
            dir, true, Map.of(), env, new PrintStream(OutputStream.nullOutputStream()));
    Map<Service, Long> pids = new EnumMap<>(Service.class);
    for (Service service : Service.values()) {
      pids.put(service, stack.replicas(service).get(0).pid());
    }
    return new StartedStack(stack, pids);
  }

  /** Every service answers its readiness probe again, from the process that was started first. */
  void assertEveryServiceReadyWithoutRestart() {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    for (Service service : Service.values()) {
      LoggedProcess process = stack.replicas(service).get(0);
      assertThat(process.pid()).isEqualTo(pids.get(service));
      assertThat(process.isAlive()).as(service.id() + " is alive").isTrue();
      HttpRequest ready =
          HttpRequest.newBuilder(URI.create(stack.url(process) + "/q/health/ready"))
              .timeout(Duration.ofSeconds(5))
              .build();
      Awaitility.await(service.id() + " ready")
          .atMost(Duration.ofMinutes(2))
          .ignoreExceptions()
          .until(
              () -> http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
    }
  }

  @Override
  public void close() {
    stack.close();
  }
}
