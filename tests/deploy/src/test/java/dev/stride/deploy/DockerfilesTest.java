package dev.stride.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** services/NAME/src/main/docker/Dockerfile: non-root, health-checked, DJL's libtorch baked in. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DockerfilesTest {

  private final List<String> services = Checkout.services();
  private Map<String, ServiceConfig> configs;

  @BeforeAll
  void read() {
    configs = Design.serviceConfigs();
  }

  private static Dockerfile dockerfile(String service) {
    return Dockerfile.parse(
        Checkout.read(Checkout.service(service).resolve(DockerfileChecks.LOCATION)));
  }

  private int port(String service) {
    return Integer.parseInt(
        configs.get(service).value("quarkus.http.port", Map.of()).orElseThrow());
  }

  @ParameterizedTest
  @FieldSource("services")
  void runsTheFastJarAsNonRootWithALivenessCheckOnItsPort(String service) {
    assertThat(DockerfileChecks.runnableStages(service, port(service), dockerfile(service)))
        .isEmpty();
  }

  @ParameterizedTest
  @FieldSource("services")
  void buildContextLetsInWhatTheDockerfileCopies(String service) {
    Path ignore = Checkout.service(service).resolve(DockerfileChecks.LOCATION + ".dockerignore");

    assertThat(
            DockerfileChecks.contextLetsCopiesIn(
                service, dockerfile(service), Checkout.read(ignore)))
        .isEmpty();
  }

  @ParameterizedTest
  @FieldSource("services")
  void servicesWithDjlUnpackLibtorchWhileTheImageIsBuilt(String service) {
    // a dependency on DJL, not an exclusion of it (the console takes libs/nn without DJL)
    boolean usesDjl =
        Checkout.read(Checkout.service(service).resolve("pom.xml"))
            .replaceAll("(?s)<exclusions>.*?</exclusions>", "")
            .contains("<groupId>ai.djl");

    for (Dockerfile.Stage stage : dockerfile(service).stages()) {
      if (usesDjl && stage.last("ENTRYPOINT").isPresent()) {
        assertThat(stage.variables()).as(service + " " + stage.name()).containsKey("DJL_CACHE_DIR");
        assertThat(stage.all("RUN"))
            .as(service + " " + stage.name())
            .anyMatch(run -> run.contains("DjlWarmup.java"));
      }
    }
  }

  @Test
  void composeBuildsStagesThatExist() {
    ComposeFile compose = ComposeFile.read();
    ComposeChecks checks = new ComposeChecks(compose);

    checks
        .strideServices()
        .forEach(
            (name, service) -> {
              String target = compose.service(name).at("/build/target").asText();
              if (!target.isEmpty()) {
                assertThat(dockerfile(service).stage(target))
                    .as(name + " target " + target)
                    .isPresent();
              }
            });
  }

  @Test
  void trainerImageCarriesCudaAndDjlsCudaLibtorchFetchedAtBuildTime() {
    Dockerfile trainer = dockerfile("trainer");
    Dockerfile.Stage gpu = trainer.stage("gpu").orElseThrow();
    Map<String, String> variables = gpu.variables();
    Matcher pytorch =
        Pattern.compile("<pytorch\\.version>([^<]+)</pytorch\\.version>")
            .matcher(Checkout.read("pom.xml"));

    assertThat(trainer.stages().get(trainer.stages().size() - 1))
        .as("gpu is the default target")
        .isEqualTo(gpu);
    assertThat(gpu.from()).contains("nvidia/cuda:").contains("runtime");
    assertThat(pytorch.find()).isTrue();
    assertThat(variables)
        .containsEntry("PYTORCH_VERSION", pytorch.group(1))
        .containsEntry("PYTORCH_FLAVOR", "cu128");
    assertThat(variables.get("PYTORCH_LIBRARY_PATH"))
        .startsWith(variables.get("DJL_CACHE_DIR") + "/")
        .contains(pytorch.group(1) + "-cu128");
    // the warm-up must not see the CPU libtorch jar, or DJL would take it instead of fetching cu128
    assertThat(gpu.all("RUN"))
        .anyMatch(
            run -> run.contains("DjlWarmup.java") && run.contains("grep -v pytorch-native-cpu"));
    assertThat(gpu.all("COPY")).anyMatch(copy -> copy.contains("/opt/java/openjdk"));
    assertThat(trainer.stage("cpu")).isPresent();
  }
}
