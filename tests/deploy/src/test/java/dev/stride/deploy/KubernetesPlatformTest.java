package dev.stride.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * deploy/k8s's decisions for a platform team (issue 18): Kafka ACLs that match what each service
 * does, SASL/TLS from Secrets, pinned images, no credentials in the base, console auth on, KEDA
 * with limitToPartitionsWithLag and a TriggerAuthentication, GPU scheduling, the trainer's
 * pod-deletion-cost RBAC, monitors for every service and the KServe overlay's structure.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KubernetesPlatformTest {

  private static final List<String> SERVICES =
      List.of("ingestion", "trainer", "evaluator", "predictor", "console");
  private static final String DEV = "deploy/k8s/overlays/dev";
  private static final String GPU = "deploy/k8s/overlays/gpu";
  private static final String EXTERNAL = "deploy/k8s/overlays/external";
  private static final String KSERVE = "deploy/k8s/overlays/kserve";

  private final Map<String, KubeObjects> rendered = new LinkedHashMap<>();
  private Map<String, ServiceConfig> configs;

  @BeforeAll
  void render() {
    for (String k : List.of(DEV, GPU, EXTERNAL, KSERVE, "deploy/k8s/base")) {
      rendered.put(
          k,
          new KubeObjects(OutsideSecrets.addStandIns(Kustomize.build(Checkout.path(k)).objects())));
    }
    configs = Design.serviceConfigs();
  }

  @Test
  void eachServiceHasAKafkaUserAllowedExactlyWhatItReadsAndWrites() {
    KubeObjects dev = rendered.get(DEV);
    for (String service : SERVICES) {
      KafkaAcls used = KafkaAcls.used(service, configs.get(service));
      KafkaAcls allowed = KafkaAcls.of(dev.get("KafkaUser", "stride-" + service));

      assertThat(allowed).as(service).isEqualTo(used);
      assertThat(used.topics()).as(service + " uses Kafka").isNotEmpty();
    }
  }

  @Test
  void aclCheckFailsWhenAUserLacksATopicOrGroup() {
    JsonNode user = rendered.get(DEV).get("KafkaUser", "stride-evaluator").deepCopy();
    KafkaAcls used = KafkaAcls.used("evaluator", configs.get("evaluator"));
    ((ArrayNode) user.at("/spec/authorization/acls")).remove(0);

    assertThat(KafkaAcls.of(user)).isNotEqualTo(used);
  }

  @Test
  void strimziRunsItsReleasesKafkaWithATlsScramListenerAndSimpleAuthorization() {
    JsonNode kafka = rendered.get(DEV).get("Kafka", "stride");
    JsonNode listener = kafka.at("/spec/kafka/listeners/0");

    assertThat(kafka.path("apiVersion").asText()).isEqualTo("kafka.strimzi.io/v1");
    assertThat(kafka.at("/spec/kafka/version").asText()).isEqualTo(Design.KAFKA_VERSION);
    assertThat(kafka.at("/spec/kafka/listeners").size()).isEqualTo(1);
    assertThat(listener.path("port").asInt()).isEqualTo(9093);
    assertThat(listener.path("tls").asBoolean()).isTrue();
    assertThat(listener.at("/authentication/type").asText()).isEqualTo("scram-sha-512");
    assertThat(kafka.at("/spec/kafka/authorization/type").asText()).isEqualTo("simple");
    assertThat(kafka.at("/spec/entityOperator/userOperator").isObject()).isTrue();
  }

  @Test
  void servicesLogInToKafkaWithSaslSslFromTheirSecrets() {
    for (String k : List.of(DEV, GPU, EXTERNAL)) {
      KubeObjects objects = rendered.get(k);
      for (String service : SERVICES) {
        JsonNode pod = KubeObjects.podSpec(objects.strideDeployment(service).orElseThrow());
        JsonNode container = pod.path("containers").path(0);
        Map<String, String> env = objects.strideEnvironment(service, new ArrayList<>());
        String where = k + " " + service;

        assertThat(env).as(where).containsEntry("KAFKA_SECURITY_PROTOCOL", "SASL_SSL");
        assertThat(env).as(where).containsEntry("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512");
        assertThat(env).as(where).containsEntry("KAFKA_SSL_TRUSTSTORE_TYPE", "PKCS12");
        assertThat(env.get("KAFKA_SASL_JAAS_CONFIG"))
            .as(where)
            .isEqualTo("stride-" + service + "/sasl.jaas.config");
        assertThat(env.get("KAFKA_SSL_TRUSTSTORE_PASSWORD"))
            .as(where)
            .isEqualTo("stride-cluster-ca-cert/ca.password");
        String truststore = env.get("KAFKA_SSL_TRUSTSTORE_LOCATION");
        String mounted = mountedSecretFile(pod, container, truststore);
        assertThat(mounted).as(where + " truststore").isEqualTo("stride-cluster-ca-cert/ca.p12");
      }
    }
  }

  /** "secret/key" of the Secret file at {@code file}, or null. */
  private static String mountedSecretFile(JsonNode pod, JsonNode container, String file) {
    for (JsonNode mount : container.path("volumeMounts")) {
      String dir = mount.path("mountPath").asText() + "/";
      if (file == null || !file.startsWith(dir)) {
        continue;
      }
      for (JsonNode volume : pod.path("volumes")) {
        if (volume.path("name").equals(mount.path("name")) && volume.has("secret")) {
          for (JsonNode item : volume.at("/secret/items")) {
            if (file.equals(dir + item.path("path").asText())) {
              return volume.at("/secret/secretName").asText() + "/" + item.path("key").asText();
            }
          }
        }
      }
    }
    return null;
  }

  @Test
  void everyImageHasARegistryHostAndAPinnedTagAndNoDockerHubMinio() {
    for (String k : List.of(DEV, GPU, EXTERNAL, KSERVE)) {
      assertThat(imageProblems(images(rendered.get(k)))).as(k).isEmpty();
    }
    assertThat(images(rendered.get(DEV)))
        .anyMatch(i -> i.startsWith("quay.io/minio/minio:RELEASE.") && i.contains("@sha256:"))
        .anyMatch(i -> i.startsWith("quay.io/minio/mc:RELEASE.") && i.contains("@sha256:"));
  }

  @Test
  void imageCheckFails() {
    assertThat(
            imageProblems(
                List.of(
                    "stride/predictor:1",
                    "localhost:5000/stride/predictor",
                    "docker.io/minio/minio:RELEASE.2025-09-07T16-13-09Z",
                    "quay.io/x/y:latest")))
        .hasSize(4);
  }

  static List<String> imageProblems(List<String> images) {
    List<String> problems = new ArrayList<>();
    for (String image : images) {
      String first = image.substring(0, Math.max(0, image.indexOf('/')));
      boolean host = first.contains(".") || first.contains(":") || first.equals("localhost");
      String last = image.substring(image.lastIndexOf('/') + 1);
      boolean pinned =
          image.contains("@sha256:") || last.contains(":") && !last.endsWith(":latest");
      boolean dockerHubMinio =
          image.startsWith("minio/") || image.matches("(docker\\.io|index\\.docker\\.io)/minio/.*");
      if (!host || !pinned || dockerHubMinio) {
        problems.add(image);
      }
    }
    return problems;
  }

  private static List<String> images(KubeObjects objects) {
    List<String> images = new ArrayList<>();
    for (JsonNode object : objects.all()) {
      object.findValues("image").forEach(i -> images.add(i.asText()));
    }
    return images;
  }

  @Test
  void theBaseHoldsNoCredentialsAndOnlyTheDevComponentGeneratesThem() {
    KubeObjects base = new KubeObjects(Kustomize.build(Checkout.path("deploy/k8s/base")).objects());
    assertThat(base.ofKind("Secret")).isEmpty();
    for (String k : List.of(GPU, EXTERNAL)) {
      List<JsonNode> secrets =
          Kustomize.build(Checkout.path(k)).objects().stream()
              .filter(o -> "Secret".equals(o.path("kind").asText()))
              .toList();
      assertThat(secrets).as(k).isEmpty();
    }
  }

  @Test
  void consoleAuthIsOnWithKeysFromANamedSecret() {
    for (String k : List.of(DEV, GPU, EXTERNAL)) {
      KubeObjects objects = rendered.get(k);
      Map<String, String> env = objects.strideEnvironment("console", new ArrayList<>());
      JsonNode container =
          KubeObjects.podSpec(objects.strideDeployment("console").orElseThrow())
              .path("containers")
              .path(0);

      assertThat(configs.get("console").value("console.auth.enabled", env)).hasValue("true");
      assertThat(container.path("envFrom").toString())
          .contains("\"name\":\"stride-console-api-keys\"")
          .doesNotContain("\"optional\":true");
    }
  }

  @Test
  void kedaScalesOnPartitionsWithLagAndLogsInAsTheTrainer() {
    for (String k : List.of(DEV, GPU, EXTERNAL)) {
      KubeObjects objects = rendered.get(k);
      JsonNode trigger = objects.get("ScaledObject", "stride-trainer").at("/spec/triggers/0");
      JsonNode auth =
          objects.get("TriggerAuthentication", trigger.at("/authenticationRef/name").asText());
      Map<String, String> trainer = objects.strideEnvironment("trainer", new ArrayList<>());
      Map<String, String> parameters = new LinkedHashMap<>();
      auth.at("/spec/env")
          .forEach(
              e ->
                  parameters.put(
                      e.path("parameter").asText(), trainer.get(e.path("name").asText())));
      auth.at("/spec/secretTargetRef")
          .forEach(
              s ->
                  parameters.put(
                      s.path("parameter").asText(),
                      objects
                          .data("Secret", s.path("name").asText())
                          .map(d -> d.get(s.path("key").asText()))
                          .orElse(null)));

      assertThat(trigger.at("/metadata/limitToPartitionsWithLag").asText()).isEqualTo("true");
      assertThat(parameters)
          .as(k)
          .containsEntry("sasl", "scram_sha512")
          .containsEntry("tls", "enable")
          .containsEntry("username", "stride-trainer")
          .containsEntry("password", "stride-trainer/password")
          .containsEntry("ca", "stride-cluster-ca-cert/ca.crt");
      if (!k.equals(EXTERNAL)) {
        assertThat(trigger.at("/metadata/bootstrapServers").asText())
            .isEqualTo("stride-kafka-bootstrap.stride.svc:9093");
        assertThat(objects.find("KafkaUser", parameters.get("username"))).as(k).isPresent();
      } else {
        assertThat(trigger.at("/metadata/bootstrapServers").asText())
            .isEqualTo(trainer.get("KAFKA_BOOTSTRAP_SERVERS"));
      }
    }
  }

  @Test
  void gpuTrainersGetGpuNodesAPriorityAndOptionallyTheNvidiaRuntime() {
    for (String k : List.of(GPU, EXTERNAL)) {
      KubeObjects objects = rendered.get(k);
      JsonNode pod = KubeObjects.podSpec(objects.strideDeployment("trainer").orElseThrow());

      assertThat(pod.toString()).as(k).contains("\"key\":\"nvidia.com/gpu.present\"");
      assertThat(objects.find("PriorityClass", pod.path("priorityClassName").asText()))
          .as(k)
          .isPresent();
    }
    JsonNode gpuPod =
        KubeObjects.podSpec(rendered.get(GPU).strideDeployment("trainer").orElseThrow());
    JsonNode externalPod =
        KubeObjects.podSpec(rendered.get(EXTERNAL).strideDeployment("trainer").orElseThrow());
    assertThat(gpuPod.has("runtimeClassName")).isFalse();
    assertThat(externalPod.path("runtimeClassName").asText()).isEqualTo("nvidia");
  }

  @Test
  void theTrainerMayGetAndPatchPodsToMarkItselfBusy() {
    KubeObjects objects = rendered.get(DEV);
    JsonNode pod = KubeObjects.podSpec(objects.strideDeployment("trainer").orElseThrow());
    JsonNode role = objects.get("Role", "stride-trainer-pod-deletion-cost");
    JsonNode binding = objects.get("RoleBinding", "stride-trainer-pod-deletion-cost");
    Map<String, String> env = objects.strideEnvironment("trainer", new ArrayList<>());
    String fieldRefs = pod.path("containers").path(0).path("env").toString();

    assertThat(pod.path("serviceAccountName").asText()).isEqualTo("stride-trainer");
    assertThat(objects.find("ServiceAccount", "stride-trainer")).isPresent();
    assertThat(role.path("rules").toString())
        .isEqualTo(
            "[{\"apiGroups\":[\"\"],\"resources\":[\"pods\"],\"verbs\":[\"get\",\"patch\"]}]");
    assertThat(binding.at("/roleRef/name").asText()).isEqualTo(KubeObjects.name(role));
    assertThat(binding.at("/subjects/0/name").asText()).isEqualTo("stride-trainer");
    assertThat(env).containsEntry("TRAINER_POD_DELETION_COST_ENABLED", "true");
    assertThat(fieldRefs)
        .contains("\"POD_NAME\"", "metadata.name", "\"POD_NAMESPACE\"", "metadata.namespace");
    for (String other : List.of("ingestion", "evaluator", "predictor", "console")) {
      assertThat(
              KubeObjects.podSpec(objects.strideDeployment(other).orElseThrow())
                  .path("automountServiceAccountToken")
                  .asBoolean(true))
          .as(other)
          .isFalse();
    }
  }

  @Test
  void everyServiceIsMonitoredAtQMetricsAndScrapesAreLetIn() {
    KubeObjects objects = rendered.get(EXTERNAL);
    for (String service : SERVICES) {
      JsonNode deployment = objects.strideDeployment(service).orElseThrow();
      Map<String, String> labels = KubeObjects.podLabels(deployment);
      Set<String> monitoredBy = new TreeSet<>();
      for (JsonNode monitor : objects.ofKind("PodMonitor")) {
        if (KubeObjects.selects(monitor.at("/spec/selector"), labels)
            && monitor.at("/spec/podMetricsEndpoints/0/path").asText().equals("/q/metrics")
            && monitor.at("/spec/podMetricsEndpoints/0/port").asText().equals("http")) {
          monitoredBy.add("PodMonitor/" + KubeObjects.name(monitor));
        }
      }
      for (JsonNode monitor : objects.ofKind("ServiceMonitor")) {
        JsonNode svc = objects.get("Service", "stride-" + service);
        Map<String, String> serviceLabels = new LinkedHashMap<>();
        svc.at("/metadata/labels")
            .fields()
            .forEachRemaining(e -> serviceLabels.put(e.getKey(), e.getValue().asText()));
        if (KubeObjects.selects(monitor.at("/spec/selector"), serviceLabels)
            && KubeObjects.selects(svc.at("/spec/selector"), labels)
            && monitor.at("/spec/endpoints/0/path").asText().equals("/q/metrics")
            && svc.at("/spec/ports").toString().contains("\"name\":\"http\"")) {
          monitoredBy.add("ServiceMonitor/" + KubeObjects.name(monitor));
        }
      }
      assertThat(monitoredBy).as(service).hasSize(1);

      int port = deployment.at("/spec/template/spec/containers/0/ports/0/containerPort").asInt();
      boolean scrapable =
          objects.ofKind("NetworkPolicy").stream()
              .anyMatch(
                  p ->
                      KubeObjects.selects(p.at("/spec/podSelector"), labels)
                          && p.at("/spec/ingress").toString().contains("\"port\":" + port)
                          && p.at("/spec/ingress")
                              .toString()
                              .contains("\"kubernetes.io/metadata.name\":\"monitoring\""));
      assertThat(scrapable).as(service + " scrapable from monitoring").isTrue();
    }
  }

  @Test
  void kserveOverlayServesThePredictorAsACustomV2Container() {
    KubeObjects objects = rendered.get(KSERVE);
    JsonNode service = objects.get("InferenceService", "stride-predictor");
    JsonNode predictor = service.at("/spec/predictor");
    JsonNode container = predictor.path("containers").path(0);
    Map<String, String> env = objects.environment(container, new ArrayList<>());
    Map<String, String> base = rendered.get(DEV).strideEnvironment("predictor", new ArrayList<>());

    assertThat(service.path("apiVersion").asText()).isEqualTo("serving.kserve.io/v1beta1");
    assertThat(predictor.path("protocolVersion").asText()).isEqualTo("v2");
    assertThat(predictor.path("containers").size()).isEqualTo(1);
    assertThat(container.path("image").asText()).matches(".+/stride/predictor:.+");
    assertThat(container.at("/ports/0/containerPort").asInt()).isEqualTo(8080);
    assertThat(objects.strideDeployment("predictor")).isEmpty();
    assertThat(objects.find("HorizontalPodAutoscaler", "stride-predictor")).isEmpty();
    // its settings are values (kustomize cannot rename references in a kind it does not know):
    // they must be the base's
    env.forEach(
        (key, value) -> {
          if (!key.startsWith("KAFKA_SASL_JAAS") && base.containsKey(key)) {
            assertThat(value).as(key).isEqualTo(base.get(key));
          }
        });
    assertThat(env.keySet())
        .contains("QUARKUS_HTTP_PORT", "STRIDE_STORE_ENDPOINT", "KAFKA_BOOTSTRAP_SERVERS");
    assertThat(new ManifestValidator().validateAll(objects.all()))
        .allMatch(e -> e.startsWith("InferenceService/"));
  }
}
