package dev.stride.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The images leave native memory to libtorch and CUDA, stop on OutOfMemoryError, keep DJL from
 * reporting home, and fetch the GPU image's libtorch only as the Dockerfile's SHA-256 says.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NativeMemoryImagesTest {

  private final List<String> services = Checkout.services();

  private static Dockerfile dockerfile(String service) {
    return Dockerfile.parse(
        Checkout.read(Checkout.service(service).resolve(DockerfileChecks.LOCATION)));
  }

  @ParameterizedTest
  @FieldSource("services")
  void heapLeavesNativeMemoryAndTheJvmExitsOnOutOfMemory(String service) {
    assertThat(NativeMemoryChecks.jvm(service, dockerfile(service))).isEmpty();
  }

  @ParameterizedTest
  @FieldSource("services")
  void djlTelemetryIsOffBeforeDjlFirstRuns(String service) {
    assertThat(NativeMemoryChecks.djlTelemetry(service, dockerfile(service))).isEmpty();
  }

  @ParameterizedTest
  @FieldSource("services")
  void everyDownloadIsCheckedAgainstAPinnedSha256(String service) {
    assertThat(NativeMemoryChecks.downloadsChecked(service, dockerfile(service))).isEmpty();
  }

  @Test
  void trainerAndPredictorCarryLibtorchAndLeaveItAtLeast40Percent() {
    for (String service : List.of("trainer", "predictor")) {
      for (Dockerfile.Stage stage : NativeMemoryChecks.runnable(dockerfile(service))) {
        assertThat(NativeMemoryChecks.carriesDjl(stage)).as(service + " " + stage.name()).isTrue();
      }
    }
  }

  @Test
  void theGpuImageFetchesLibtorchItselfCheckedBeforeDjlRuns() {
    Dockerfile.Stage gpu = dockerfile("trainer").stage("gpu").orElseThrow();
    List<String> runs = gpu.all("RUN");
    int download = -1;
    int warmUp = -1;
    for (int i = 0; i < runs.size(); i++) {
      if (runs.get(i).contains("${LIBTORCH_URL}") && runs.get(i).contains("sha256sum -c")) {
        download = download < 0 ? i : download;
      }
      if (runs.get(i).contains("DjlWarmup.java")) {
        warmUp = warmUp < 0 ? i : warmUp;
      }
    }

    assertThat(gpu.variables().get("LIBTORCH_URL"))
        .isEqualTo(
            "https://download.pytorch.org/libtorch/cu128/"
                + "libtorch-cxx11-abi-shared-with-deps-2.7.1%2Bcu128.zip");
    assertThat(gpu.variables().get("LIBTORCH_SHA256")).matches("[0-9a-f]{64}");
    assertThat(download).as("libtorch is downloaded and checked").isGreaterThanOrEqualTo(0);
    assertThat(warmUp).as("after the download, DJL's warm-up").isGreaterThan(download);
    // the download goes where DJL looks, and DJL itself must not fetch anything
    assertThat(runs.get(download)).contains("-d \"${PYTORCH_LIBRARY_PATH}\"");
    assertThat(gpu.variables()).containsEntry("DJL_OFFLINE", "true");
  }

  // ---- the checks can fail ----------------------------------------------------------------------

  private static final String DJL_IMAGE =
      """
      FROM docker.io/library/eclipse-temurin:17.0.17_10-jre-noble
      ENV DJL_CACHE_DIR=/opt/djl%s
      RUN java /opt/djl-warmup/DjlWarmup.java
      %s
      ENV JAVA_TOOL_OPTIONS="%s"
      ENTRYPOINT ["java", "-jar", "/deployments/quarkus-run.jar"]
      """;

  @Test
  void aHeapShareThatStarvesLibtorchIsCaught() {
    Dockerfile dockerfile =
        Dockerfile.parse(
            DJL_IMAGE.formatted(
                " OPT_OUT_TRACKING=true",
                "",
                "-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"));

    assertThat(NativeMemoryChecks.jvm("demo", dockerfile))
        .containsExactly(
            "demo (final stage): MaxRAMPercentage=75 leaves less than 40% of the memory limit"
                + " outside the heap (libtorch allocates there)");
  }

  @Test
  void aJvmThatLimpsOnAfterOutOfMemoryIsCaught() {
    Dockerfile dockerfile =
        Dockerfile.parse(
            DJL_IMAGE.formatted(" OPT_OUT_TRACKING=true", "", "-XX:MaxRAMPercentage=50"));

    assertThat(NativeMemoryChecks.jvm("demo", dockerfile))
        .singleElement()
        .asString()
        .contains("lacks -XX:+ExitOnOutOfMemoryError");
  }

  @Test
  void djlTelemetryLeftOnOrSwitchedOffTooLateIsCaught() {
    String jvm = "-XX:MaxRAMPercentage=50 -XX:+ExitOnOutOfMemoryError";

    assertThat(
            NativeMemoryChecks.djlTelemetry(
                "demo", Dockerfile.parse(DJL_IMAGE.formatted("", "", jvm))))
        .containsExactly("demo (final stage): carries DJL but does not set OPT_OUT_TRACKING=true");
    assertThat(
            NativeMemoryChecks.djlTelemetry(
                "demo",
                Dockerfile.parse(DJL_IMAGE.formatted("", "ENV OPT_OUT_TRACKING=true", jvm))))
        .containsExactly(
            "demo (final stage): sets OPT_OUT_TRACKING only after DJL's warm-up has run");
  }

  @Test
  void anUncheckedDownloadOrAMissingChecksumIsCaught() {
    String unchecked =
        """
        FROM docker.io/nvidia/cuda:12.8.1-runtime-ubuntu24.04 AS gpu
        ARG LIBTORCH_URL=https://download.pytorch.org/libtorch/cu128/libtorch.zip
        RUN curl -fsSL -o /tmp/libtorch.zip "${LIBTORCH_URL}" && unzip -q /tmp/libtorch.zip
        """;
    String noChecksum =
        """
        FROM docker.io/nvidia/cuda:12.8.1-runtime-ubuntu24.04 AS gpu
        ARG LIBTORCH_SHA256
        RUN curl -fsSL -o /tmp/l.zip https://download.pytorch.org/l.zip \\
         && echo "${LIBTORCH_SHA256}  /tmp/l.zip" | sha256sum -c - && unzip -q /tmp/l.zip
        """;
    String installsCurl =
        """
        FROM docker.io/nvidia/cuda:12.8.1-runtime-ubuntu24.04
        RUN apt-get update && apt-get install -y --no-install-recommends curl unzip
        """;

    assertThat(NativeMemoryChecks.downloadsChecked("demo", Dockerfile.parse(unchecked)))
        .singleElement()
        .asString()
        .contains("not checked with sha256sum -c next");
    assertThat(NativeMemoryChecks.downloadsChecked("demo", Dockerfile.parse(noChecksum)))
        .singleElement()
        .asString()
        .contains("LIBTORCH_SHA256 is '', not a SHA-256");
    assertThat(NativeMemoryChecks.downloadsChecked("demo", Dockerfile.parse(installsCurl)))
        .isEmpty();
  }
}
