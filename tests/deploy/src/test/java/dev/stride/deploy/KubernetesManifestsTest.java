package dev.stride.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stride.contracts.Topics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * deploy/k8s, as kustomize renders the base and each overlay: strict schemas, and agreement with
 * the services' configuration, ports, topics and bucket.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KubernetesManifestsTest {

  private final List<String> kustomizations = Design.KUSTOMIZATIONS;

  /** The kustomizations that run Strimzi's Kafka and its topics (not external-kafka's). */
  private final List<String> withStrimzi =
      Design.KUSTOMIZATIONS.stream().filter(k -> !k.endsWith("/external")).toList();

  private final Map<String, KubeObjects> rendered = new LinkedHashMap<>();
  private Map<String, ServiceConfig> configs;

  @BeforeAll
  void render() {
    for (String kustomization : kustomizations) {
      Kustomize.Rendering rendering = Kustomize.build(Checkout.path(kustomization));
      System.out.printf(
          "%s: %d objects by %s%n",
          kustomization, rendering.objects().size(), rendering.renderer());
      rendered.put(kustomization, new KubeObjects(OutsideSecrets.addStandIns(rendering.objects())));
    }
    configs = Design.serviceConfigs();
  }

  private KubernetesChecks checks(String kustomization) {
    return new KubernetesChecks(rendered.get(kustomization));
  }

  private PlatformChecks platform(String kustomization) {
    return new PlatformChecks(rendered.get(kustomization));
  }

  @ParameterizedTest
  @FieldSource("kustomizations")
  void everyObjectMatchesItsSchemaStrictly(String kustomization) {
    List<JsonNode> objects = rendered.get(kustomization).all();

    assertThat(objects).isNotEmpty();
    assertThat(new ManifestValidator().validateAll(objects)).isEmpty();
  }

  @ParameterizedTest
  @FieldSource("kustomizations")
  void everyConfigMapAndSecretReferenceResolves(String kustomization) {
    assertThat(checks(kustomization).references()).isEmpty();
  }

  @ParameterizedTest
  @FieldSource("kustomizations")
  void givesEachServiceWhatItReadsOnThePortItListensOn(String kustomization) {
    assertThat(checks(kustomization).services(List.copyOf(configs.values()), kustomization))
        .isEmpty();
  }

  @ParameterizedTest
  @FieldSource("kustomizations")
  void servicesUseTheBucketAndCredentialsOfMinioAndTheKafkaBootstrap(String kustomization) {
    assertThat(
            platform(kustomization)
                .objectStoreAndKafka(List.copyOf(configs.values()), kustomization))
        .isEmpty();
  }

  @ParameterizedTest
  @FieldSource("kustomizations")
  void everyContainerHasProbesAndRequests(String kustomization) {
    assertThat(checks(kustomization).probesAndResources()).isEmpty();
  }

  @ParameterizedTest
  @FieldSource("kustomizations")
  void everyServiceSelectsPodsThatServeItsPorts(String kustomization) {
    assertThat(checks(kustomization).servicesSelectPods(Set.of(Design.PLANNED_CONSOLE))).isEmpty();
  }

  @ParameterizedTest
  @FieldSource("kustomizations")
  void onlyThePredictorAndTheConsoleAreReachableFromOutside(String kustomization) {
    KubeObjects objects = rendered.get(kustomization);
    int predictorPort =
        Integer.parseInt(
            configs.get("predictor").value("quarkus.http.port", Map.of()).orElseThrow());
    int consolePort =
        objects.get("Service", Design.PLANNED_CONSOLE).at("/spec/ports/0/targetPort").asInt();

    assertThat(
            checks(kustomization)
                .networkPolicies(
                    Map.of("stride-predictor", predictorPort, Design.PLANNED_CONSOLE, consolePort)))
        .isEmpty();
  }

  @ParameterizedTest
  @FieldSource("withStrimzi")
  void createsTopicsJavasTopicsAndTheirDeadLetterTopics(String kustomization) {
    List<String> problems = new ArrayList<>();
    Map<String, TopicSpec> declared = platform(kustomization).topics(problems);

    problems.addAll(TopicChecks.check(kustomization, declared, Design.partitions()));

    assertThat(problems).isEmpty();
  }

  @ParameterizedTest
  @FieldSource("withStrimzi")
  void runsKafkaInKraftModeWithNodePools(String kustomization) {
    assertThat(platform(kustomization).kraft()).isEmpty();
  }

  @ParameterizedTest
  @FieldSource("withStrimzi")
  void scalesTrainersOnTheLagOfTheirGroup(String kustomization) {
    PlatformChecks platform = platform(kustomization);
    Map<String, TopicSpec> declared = platform.topics(new ArrayList<>());

    assertThat(
            platform.trainerAutoscaling(configs.get("trainer"), Topics.TRAINING_REQUESTS, declared))
        .isEmpty();
  }

  @ParameterizedTest
  @FieldSource("kustomizations")
  void letsTrainersCheckpointBeforeTheyAreKilled(String kustomization) {
    assertThat(platform(kustomization).trainerGracePeriod(configs.get("trainer"))).isEmpty();
  }

  @ParameterizedTest
  @FieldSource("kustomizations")
  void givesEveryPodMoreTimeToStopThanItsDrainOfRequests(String kustomization) {
    assertThat(platform(kustomization).shutdownGrace(configs)).isEmpty();
  }

  @ParameterizedTest
  @FieldSource("kustomizations")
  void scalesThePredictorAndKeepsOneThroughDrains(String kustomization) {
    assertThat(platform(kustomization).predictorAvailability("predictor")).isEmpty();
  }

  @Test
  void gpuOverlayGivesEachTrainerAGpuAndTheCudaImage() {
    KubeObjects objects = rendered.get("deploy/k8s/overlays/gpu");
    JsonNode pod = KubeObjects.podSpec(objects.strideDeployment("trainer").orElseThrow());
    JsonNode container = pod.path("containers").path(0);
    Map<String, String> env = objects.strideEnvironment("trainer", new ArrayList<>());

    assertThat(container.at("/resources/limits/nvidia.com~1gpu").asInt()).isEqualTo(1);
    assertThat(container.at("/resources/requests/nvidia.com~1gpu").asInt()).isEqualTo(1);
    assertThat(pod.path("tolerations").toString()).contains("nvidia.com/gpu");
    assertThat(container.path("image").asText()).contains("/trainer:");
    assertThat(configs.get("trainer").value("trainer.device", env))
        .hasValueSatisfying(d -> assertThat(d).matches("gpu\\d*"));
  }

  @Test
  void devOverlayRunsOneCpuTrainer() {
    KubeObjects objects = rendered.get("deploy/k8s/overlays/dev");
    JsonNode container =
        KubeObjects.podSpec(objects.strideDeployment("trainer").orElseThrow())
            .path("containers")
            .path(0);
    JsonNode scaler = objects.get("ScaledObject", "stride-trainer");

    assertThat(container.path("resources").toString()).doesNotContain("nvidia.com/gpu");
    assertThat(container.path("image").asText()).contains("/trainer-cpu:");
    assertThat(
            configs
                .get("trainer")
                .value("trainer.device", objects.strideEnvironment("trainer", new ArrayList<>())))
        .hasValue("cpu");
    assertThat(scaler.at("/spec/minReplicaCount").asInt()).isEqualTo(1);
  }

  @Test
  void agreesWithComposeOnTopicsAndBucket() {
    ComposeChecks compose = new ComposeChecks(ComposeFile.read());
    Map<String, TopicSpec> kubernetesTopics =
        platform("deploy/k8s/overlays/dev").topics(new ArrayList<>());
    String kubernetesBucket =
        configs
            .get("trainer")
            .value(
                "trainer.store.bucket",
                rendered
                    .get("deploy/k8s/overlays/dev")
                    .strideEnvironment("trainer", new ArrayList<>()))
            .orElseThrow();

    assertThat(compose.topics()).isEqualTo(kubernetesTopics);
    assertThat(compose.bucket()).hasValue(kubernetesBucket);
    // and both keep the services' own default, so that a service run by hand finds the same bucket
    assertThat(configs.get("trainer").value("trainer.store.bucket", Map.of()))
        .hasValue(kubernetesBucket);
  }
}
