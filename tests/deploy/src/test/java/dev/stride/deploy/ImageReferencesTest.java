package dev.stride.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every image a deployment pulls can be pulled and stays what was tested: a registry host, a pinned
 * release, no Docker Hub {@code minio/} (deleted by MinIO), MinIO's frozen images by digest;
 * Stride's own images pulled from a named registry in Kubernetes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImageReferencesTest {

  private final List<String> services = Checkout.services();

  /**
   * Every overlay: what a cluster is given (the base alone is no deployment; the registry component
   * gives Stride's images their registry host, and components are not built alone).
   */
  static Stream<Path> kustomizations() {
    Path overlays = Checkout.path("deploy/k8s/overlays");
    try (Stream<Path> dirs = Files.list(overlays)) {
      List<Path> all =
          dirs.sorted()
              .filter(dir -> Files.isRegularFile(dir.resolve("kustomization.yaml")))
              .filter(
                  dir ->
                      !Checkout.read(dir.resolve("kustomization.yaml")).contains("kind: Component"))
              .toList();
      return all.stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void composePullsOnlyPinnedImagesFromNamedRegistries() {
    assertThat(ImageChecks.compose(ComposeFile.read())).isEmpty();
  }

  @ParameterizedTest
  @FieldSource("services")
  void dockerfilesBuildOnPinnedImagesFromNamedRegistries(String service) {
    Dockerfile dockerfile =
        Dockerfile.parse(
            Checkout.read(Checkout.service(service).resolve(DockerfileChecks.LOCATION)));

    assertThat(ImageChecks.dockerfile(service, dockerfile)).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("kustomizations")
  void kubernetesPullsEveryImageFromANamedRegistry(Path kustomization) {
    KubeObjects objects = new KubeObjects(Kustomize.build(kustomization).objects());
    String where = "k8s " + Checkout.ROOT.relativize(kustomization);

    assertThat(ImageChecks.kubernetes(where, objects, services)).isEmpty();
  }

  // ---- the checks can fail ----------------------------------------------------------------------

  @Test
  void referencesAreReadAsDockerReadsThem() {
    ImageReference local = ImageReference.parse("localhost:5000/stride/trainer:0.1.0-SNAPSHOT");
    ImageReference hub = ImageReference.parse("apache/kafka:4.1.1");
    ImageReference digest =
        ImageReference.parse(
            "quay.io/minio/mc:RELEASE.2025-08-13T08-35-41Z@sha256:"
                + "a7fe349ef4bd8521fb8497f55c6042871b2ae640607cf99d9bede5e9bdf11727");

    assertThat(local.registry()).isEqualTo("localhost:5000");
    assertThat(local.path()).isEqualTo("stride/trainer");
    assertThat(local.tag()).isEqualTo("0.1.0-SNAPSHOT");
    assertThat(hub.hasRegistryHost()).isFalse();
    assertThat(hub.onDockerHub()).isTrue();
    assertThat(digest.registry()).isEqualTo("quay.io");
    assertThat(digest.path()).isEqualTo("minio/mc");
    assertThat(digest.tag()).isEqualTo("RELEASE.2025-08-13T08-35-41Z");
    assertThat(digest.hasDigest()).isTrue();
  }

  @Test
  void anImageWithoutRegistryHostOrPinnedTagIsCaught() {
    assertThat(ImageChecks.thirdParty("x", "apache/kafka:4.1.1"))
        .containsExactly(
            "x: image apache/kafka:4.1.1 names no registry host (docker.io/…, quay.io/…)");
    assertThat(ImageChecks.thirdParty("x", "docker.io/apache/kafka:latest"))
        .singleElement()
        .asString()
        .contains("is not pinned");
    assertThat(ImageChecks.thirdParty("x", "docker.io/apache/kafka"))
        .anyMatch(p -> p.contains("is not pinned"));
    assertThat(ImageChecks.thirdParty("x", "docker.io/library/eclipse-temurin:17-jre-noble"))
        .anyMatch(p -> p.contains("is not pinned"));
    assertThat(
            ImageChecks.thirdParty("x", "docker.io/library/eclipse-temurin:17.0.17_10-jre-noble"))
        .isEmpty();
  }

  @Test
  void dockerHubMinioAndAnUndigestedMinioAreCaught() {
    assertThat(ImageChecks.thirdParty("x", "minio/minio:RELEASE.2025-09-07T16-13-09Z"))
        .anyMatch(p -> p.contains("Docker Hub's minio/"));
    assertThat(ImageChecks.thirdParty("x", "docker.io/minio/mc:RELEASE.2025-08-13T08-35-41Z"))
        .anyMatch(p -> p.contains("Docker Hub's minio/"));
    assertThat(ImageChecks.thirdParty("x", "quay.io/minio/minio:RELEASE.2025-09-07T16-13-09Z"))
        .containsExactly(
            "x: image quay.io/minio/minio:RELEASE.2025-09-07T16-13-09Z is a frozen MinIO image:"
                + " pin it by digest");
  }

  @Test
  void composeChecksPulledImagesButNotTheOnesItBuilds() {
    ComposeFile compose =
        ComposeFile.parse(
            """
            services:
              minio: {image: "minio/minio:RELEASE.2025-09-07T16-13-09Z"}
              demo:
                image: stride/demo:1
                build: {context: ., dockerfile: services/demo/src/main/docker/Dockerfile}
            """,
            "");

    assertThat(ImageChecks.compose(compose))
        .isNotEmpty()
        .allMatch(p -> p.startsWith("compose minio: "));
  }

  @Test
  void kubernetesStrideImagesWithoutRegistryAndUnpinnedOthersAreCaught() {
    KubeObjects objects =
        new KubeObjects(
            Yamls.parseAll(
                """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: stride-demo}
                spec:
                  template:
                    spec:
                      initContainers: [{name: wait, image: "docker.io/library/busybox:latest"}]
                      containers: [{name: demo, image: "stride/demo:0.1.0-SNAPSHOT"}]
                ---
                apiVersion: serving.kserve.io/v1beta1
                kind: InferenceService
                metadata: {name: stride-predictor}
                spec:
                  predictor:
                    containers: [{name: kserve-container, image: "localhost:5000/stride/predictor:0.1.0-SNAPSHOT"}]
                """));

    assertThat(ImageChecks.kubernetes("k8s", objects, List.of("demo", "predictor")))
        .containsExactly(
            "k8s Deployment/stride-demo: image docker.io/library/busybox:latest is not pinned:"
                + " give a release tag (not latest) or a digest",
            "k8s Deployment/stride-demo: Stride image stride/demo:0.1.0-SNAPSHOT names no registry"
                + " host to pull it from");
  }

  @Test
  void anUnpinnedBaseImageIsCaughtThroughItsArgDefault() {
    Dockerfile dockerfile =
        Dockerfile.parse(
            """
            ARG JRE_IMAGE=eclipse-temurin:17-jre
            FROM ${JRE_IMAGE} AS jre
            FROM jre AS cpu
            ENTRYPOINT ["java"]
            """);

    assertThat(ImageChecks.dockerfile("demo", dockerfile))
        .containsExactly(
            "demo (FROM of jre): image eclipse-temurin:17-jre names no registry host"
                + " (docker.io/…, quay.io/…)",
            "demo (FROM of jre): image eclipse-temurin:17-jre is not pinned: give a release tag"
                + " (not latest) or a digest");
  }
}
