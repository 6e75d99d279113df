package dev.stride.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import dev.stride.devstack.LoggedProcess;
import dev.stride.devstack.stack.LocalStack;
import dev.stride.devstack.stack.Service;
import java.io.IOException;
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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A service given a device it cannot use does not start, and says why (issue 16: a trainer set to
 * gpu(0) stayed live and ready and failed every run). The three packaged services that compute
 * start at once against a real broker and S3 server, so the device is the only thing wrong with
 * them.
 */
class DeviceSettingIT {

  private static final Duration DEADLINE = Duration.ofSeconds(150);
  private static final String USE = "; use auto, cpu, gpu, gpuN, gpu(N), cuda or cuda:N";
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  @Test
  void eachServiceRefusesADeviceItCannotUseAtStartAndIsNeverReady() throws Exception {
    // this machine's libtorch is the CPU build: it sees no GPU, so gpu(0) and cuda:1 are refused
    String engine = "the engine (PyTorch " + Engine.getInstance().getVersion() + ") sees no GPU";
    Map<Service, Map<String, String>> settings =
        Map.of(
            Service.TRAINER, Map.of("TRAINER_DEVICE", "tpu0"),
            Service.EVALUATOR, Map.of("EVALUATOR_DEVICE", "gpu(0)"),
            Service.PREDICTOR, Map.of("PREDICTOR_DEVICE", "cuda:1"));
    Map<Service, String> refusal =
        Map.of(
            Service.TRAINER, "trainer.device=\"tpu0\" is not a device" + USE,
            Service.EVALUATOR, "evaluator.device=\"gpu(0)\" names gpu0, but " + engine + USE,
            Service.PREDICTOR, "predictor.device=\"cuda:1\" names gpu1, but " + engine + USE);
    Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "devices-");

    try (LocalStack stack =
        LocalStack.startEmpty(dir, true, new PrintStream(OutputStream.nullOutputStream()))) {
      // all three at once: their starts overlap, as they would in a cluster
      Map<Service, LoggedProcess> started = new EnumMap<>(Service.class);
      settings.forEach((service, env) -> started.put(service, stack.launch(service, env)));
      // every probe of /q/health/ready until each has exited
      Set<Service> everReady = ConcurrentHashMap.newKeySet();
      Awaitility.await()
          .atMost(DEADLINE)
          .pollInterval(Duration.ofMillis(250))
          .until(
              () -> {
                started.forEach(
                    (service, process) -> {
                      if (process.isAlive() && ready(stack.url(process))) {
                        everReady.add(service);
                      }
                    });
                return started.values().stream().noneMatch(LoggedProcess::isAlive);
              });

      assertThat(everReady).as("services that answered ready").isEmpty();
      for (Map.Entry<Service, LoggedProcess> entry : started.entrySet()) {
        LoggedProcess process = entry.getValue();
        String log = Files.readString(process.log());
        assertThat(process.exitCode()).as(process.name()).isPresent();
        assertThat(process.exitCode().getAsInt()).as(process.name() + "'s exit code").isNotZero();
        assertThat(log)
            .as(process.tail())
            .contains(refusal.get(entry.getKey()))
            .doesNotContain("computing on")
            // Quarkus says this once an application has started
            .doesNotContain("Installed features");
      }
    }
  }

  private static boolean ready(String url) {
    HttpRequest probe =
        HttpRequest.newBuilder(URI.create(url + "/q/health/ready"))
            .timeout(Duration.ofSeconds(2))
            .build();
    try {
      return HTTP.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false; // not listening
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
