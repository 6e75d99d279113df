package dev.stride.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.networknt.schema.SpecVersion.VersionFlag;
import dev.stride.contracts.Topics;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each check fails on a small broken fixture: a check that cannot fail proves nothing. */
class ChecksCatchMistakesTest {

  @ConfigMapping(prefix = "trainer")
  public interface TrainerDevice {
    @WithDefault("auto")
    String device();
  }

  @ConfigMapping(prefix = "trainer")
  public interface TrainerStop {
    @WithDefault("PT60S")
    Duration stopTimeout();
  }

  @ConfigMapping(prefix = "predictor")
  public interface PredictorDevice {
    @WithDefault("auto")
    String device();
  }

  private final ManifestValidator validator = new ManifestValidator();
  private final ServiceConfig demo = ServiceConfigTest.demo();

  /** A Deployment, its ConfigMap and Service for the fixture service "demo" (port 8099). */
  private static String demoManifests(int containerPort, String extraEnvFrom) {
    return """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: stride-demo}
        data:
          KAFKA_BOOTSTRAP_SERVERS: kafka:9092
          STRIDE_STORE_ENDPOINT: http://minio:9000
          DEMO_STORE_BUCKET: stride
          DEMO_MODEL_NAME: cifar10
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: stride-demo}
        spec:
          selector: {matchLabels: {app.kubernetes.io/name: stride-demo}}
          template:
            metadata: {labels: {app.kubernetes.io/name: stride-demo}}
            spec:
              containers:
                - name: demo
                  image: stride/demo
                  envFrom: [{configMapRef: {name: stride-demo}}%s]
                  ports: [{name: http, containerPort: %d}]
                  startupProbe: {httpGet: {path: /q/health/live, port: http}}
                  livenessProbe: {httpGet: {path: /q/health/live, port: http}}
                  readinessProbe: {httpGet: {path: /q/health/ready, port: http}}
                  resources: {requests: {cpu: 100m, memory: 128Mi}}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: stride-demo}
        spec:
          selector: {app.kubernetes.io/name: stride-demo}
          ports: [{name: http, port: %d, targetPort: http}]
        """
        .formatted(extraEnvFrom, containerPort, containerPort);
  }

  @Test
  void strictSchemaRefusesAnUnknownField() {
    String deployment =
        demoManifests(8099, "")
            .split("---")[1]
            .replace(
                "image: stride/demo", "image: stride/demo\n          imagePullPolicyy: Always");

    assertThat(validator.validate(Yamls.parse(deployment)))
        .anyMatch(e -> e.contains("imagePullPolicyy") && e.contains("not defined in the schema"));
  }

  @Test
  void strictSchemaRefusesAWrongType() {
    String service =
        "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  ports: [{port: eighty}]\n";

    assertThat(validator.validate(Yamls.parse(service)))
        .anyMatch(e -> e.contains("/spec/ports/0/port"));
  }

  @Test
  void crdSchemasRefuseUnknownFieldsAndWrongTypes() {
    String topic =
        "apiVersion: kafka.strimzi.io/v1\nkind: KafkaTopic\nmetadata: {name: t}\nspec: {partition: 4}\n";
    String scaler =
        """
        apiVersion: keda.sh/v1alpha1
        kind: ScaledObject
        metadata: {name: s}
        spec:
          scaleTargetRef: {name: stride-trainer}
          triggers: [{type: kafka, metadata: {lagThreshold: 1}}]
        """;
    String auth =
        """
        apiVersion: keda.sh/v1alpha1
        kind: TriggerAuthentication
        metadata: {name: a}
        spec:
          secretTargetRef: [{parameter: sasl, name: s, key: sasl.jaas.config}]
          secretTargetRefs: []
        """;
    String oldApi =
        "apiVersion: kafka.strimzi.io/v1beta2\nkind: KafkaTopic\nmetadata: {name: t}\nspec: {}\n";

    assertThat(validator.validate(Yamls.parse(topic))).anyMatch(e -> e.contains("partition"));
    assertThat(validator.validate(Yamls.parse(scaler))).anyMatch(e -> e.contains("lagThreshold"));
    assertThat(validator.validate(Yamls.parse(auth)))
        .singleElement()
        .asString()
        .contains("secretTargetRefs");
    assertThat(validator.validate(Yamls.parse(oldApi))).anyMatch(e -> e.contains("no schema"));
  }

  @Test
  void composeSchemaRefusesAnUnknownKey() {
    String compose =
        """
        services:
          demo:
            image: stride/demo
            healthcheck: {tests: [CMD, "true"]}
        """;
    JsonSchemas schema =
        JsonSchemas.compile(
            Yamls.parse(Yamls.resource("/schemas/compose-spec/compose.schema.json")),
            VersionFlag.V7);

    assertThat(schema.validate(Yamls.parse(compose))).anyMatch(e -> e.contains("tests"));
  }

  @Test
  void aWrongPortIsCaughtInKubernetesComposeAndTheDockerfile() {
    KubernetesChecks kubernetes =
        new KubernetesChecks(new KubeObjects(Yamls.parseAll(demoManifests(8080, ""))));
    String compose =
        """
        services:
          demo:
            build: {context: ., dockerfile: services/demo/src/main/docker/Dockerfile}
            environment:
              KAFKA_BOOTSTRAP_SERVERS: kafka:9092
              STRIDE_STORE_ENDPOINT: http://minio:9000
              DEMO_STORE_BUCKET: stride
              DEMO_MODEL_NAME: cifar10
            ports: ["8080:8080"]
            healthcheck: {test: [CMD, curl, -f, "http://127.0.0.1:8080/q/health/ready"]}
        """;
    Dockerfile dockerfile =
        Dockerfile.parse(
            """
            FROM eclipse-temurin:17-jre
            COPY services/demo/target/quarkus-app/ /deployments/
            EXPOSE 8080
            USER 1001
            HEALTHCHECK CMD curl -f http://127.0.0.1:8080/q/health/live
            ENTRYPOINT ["java", "-jar", "/deployments/quarkus-run.jar"]
            """);

    assertThat(kubernetes.services(List.of(demo), "k8s"))
        .anyMatch(p -> p.contains("listens on 8099") && p.contains("8080"));
    assertThat(
            new KubernetesChecks(new KubeObjects(Yamls.parseAll(demoManifests(8099, ""))))
                .services(List.of(demo), "k8s"))
        .isEmpty();
    assertThat(new ComposeChecks(ComposeFile.parse(compose, "")).services(Map.of("demo", demo)))
        .anyMatch(p -> p.contains("listens on 8099"));
    assertThat(DockerfileChecks.runnableStages("demo", 8099, dockerfile))
        .anyMatch(p -> p.contains("exposes [8080]"))
        .anyMatch(p -> p.contains("HEALTHCHECK"));
  }

  @Test
  void aMissingOrMisspelledSettingIsCaught() {
    Map<String, String> env =
        Map.of(
            "STRIDE_STORE_ENDPIONT",
            "http://minio:9000",
            "DEMO_STORE_BUCKET",
            "stride",
            "QUARKUS_HTTP_PORT",
            "8099");

    assertThat(ServiceChecks.check(demo, "fixture", env, 8099))
        .anyMatch(p -> p.contains("kafka.bootstrap.servers stays 127.0.0.1:9092"))
        .anyMatch(p -> p.contains("demo.store.endpoint stays http://127.0.0.1:9000"))
        .anyMatch(p -> p.contains("STRIDE_STORE_ENDPIONT sets no key"))
        .anyMatch(p -> p.contains("would not start") && p.contains("demo.model-name"));
  }

  @Test
  void aDeviceWrittenAsItPrintsIsCaught() {
    ServiceConfig trainer =
        ServiceConfig.of("trainer", TrainerDevice.class, "quarkus.http.port=8082\n");

    for (String printed : List.of("gpu(0)", "cuda:0", "tpu0")) {
      assertThat(ServiceChecks.check(trainer, "fixture", Map.of("TRAINER_DEVICE", printed), 8082))
          .containsExactly(
              "fixture: trainer: trainer.device is "
                  + printed
                  + "; name a device as DJL does: auto, cpu, gpu0, gpu1 ... (TRAINER_DEVICE)");
    }
    for (String named : List.of("gpu0", "gpu", "cpu")) {
      assertThat(ServiceChecks.check(trainer, "fixture", Map.of("TRAINER_DEVICE", named), 8082))
          .isEmpty();
    }
    // unset, the default auto
    assertThat(ServiceChecks.check(trainer, "fixture", Map.of(), 8082)).isEmpty();
  }

  @Test
  void aMissingDeadLetterTopicOrWrongPartitionsAreCaught() {
    Map<String, Integer> expected =
        Design.partitions(List.of(Topics.TRAINING_REQUESTS, Topics.TRAINING_EVENTS));
    Map<String, TopicSpec> declared =
        Map.of(
            Topics.TRAINING_REQUESTS,
            new TopicSpec(1, 1000),
            Topics.TRAINING_EVENTS,
            new TopicSpec(1, 1000),
            Topics.deadLetter(Topics.TRAINING_REQUESTS),
            new TopicSpec(1, 1000));

    assertThat(TopicChecks.check("fixture", declared, expected))
        .anyMatch(p -> p.contains("missing: [training.events.dlq]"))
        .anyMatch(p -> p.contains("training.requests has 1 partitions, not 4"));
  }

  @Test
  void aDanglingReferenceIsCaught() {
    String manifests = demoManifests(8099, ", {secretRef: {name: no-such-secret}}");

    assertThat(new KubernetesChecks(new KubeObjects(Yamls.parseAll(manifests))).references())
        .anyMatch(p -> p.contains("missing Secret no-such-secret"));
  }

  @Test
  void aTrainerKilledBeforeItCanCheckpointIsCaught() {
    ServiceConfig trainer =
        ServiceConfig.of("trainer", TrainerStop.class, "quarkus.http.port=8082\n");
    String deployment =
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: stride-trainer}
        spec:
          template:
            metadata: {labels: {app.kubernetes.io/name: stride-trainer}}
            spec:
              terminationGracePeriodSeconds: 30
              containers: [{name: trainer, image: stride/trainer}]
        """;

    assertThat(
            new PlatformChecks(new KubeObjects(Yamls.parseAll(deployment)))
                .trainerGracePeriod(trainer))
        .anyMatch(p -> p.contains("terminationGracePeriodSeconds 30"));
  }

  @Test
  void aServiceStoppedBeforeItsRequestsDrainIsCaught() {
    ServiceConfig predictor =
        ServiceConfig.of(
            "predictor",
            PredictorDevice.class,
            "quarkus.http.port=8080\nquarkus.shutdown.timeout=PT15S\n");
    String deployment =
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: stride-predictor}
        spec:
          template:
            metadata: {labels: {app.kubernetes.io/name: stride-predictor}}
            spec:
              terminationGracePeriodSeconds: 10
              containers: [{name: predictor, image: stride/predictor}]
        """;
    String compose =
        """
        services:
          predictor:
            image: stride/predictor
            build: {context: ., dockerfile: services/predictor/src/main/docker/Dockerfile}
        """;

    assertThat(
            new PlatformChecks(new KubeObjects(Yamls.parseAll(deployment)))
                .shutdownGrace(Map.of("predictor", predictor)))
        .anyMatch(p -> p.contains("terminationGracePeriodSeconds 10"));
    assertThat(
            new ComposeChecks(ComposeFile.parse(compose, ""))
                .shutdownGrace(Map.of("predictor", predictor)))
        .anyMatch(p -> p.contains("stop_grace_period PT10S"));
  }

  @Test
  void aServiceOpenToEveryoneIsCaught() {
    String manifests =
        demoManifests(8099, "")
            + """
            ---
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: default-deny}
            spec: {podSelector: {}, policyTypes: [Ingress]}
            ---
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: demo-from-anywhere}
            spec:
              podSelector: {matchLabels: {app.kubernetes.io/name: stride-demo}}
              ingress: [{ports: [{port: 8099}]}]
            """;

    assertThat(
            new KubernetesChecks(new KubeObjects(Yamls.parseAll(manifests)))
                .networkPolicies(Map.of("stride-predictor", 8080)))
        .anyMatch(p -> p.contains("open to any source: [stride-demo]"));
  }

  @Test
  void aRootImageAndAContextWithoutTheJarAreCaught() {
    Dockerfile dockerfile =
        Dockerfile.parse(
            """
            FROM eclipse-temurin:17-jre
            COPY services/demo/target/quarkus-app/ /deployments/
            EXPOSE 8099
            HEALTHCHECK CMD curl -f http://127.0.0.1:${QUARKUS_HTTP_PORT:-8099}/q/health/live
            ENTRYPOINT ["java", "-jar", "/deployments/quarkus-run.jar"]
            """);

    assertThat(DockerfileChecks.runnableStages("demo", 8099, dockerfile))
        .containsExactly("demo (final stage): runs as root, not as a numeric non-root user");
    assertThat(
            DockerfileChecks.contextLetsCopiesIn(
                "demo", dockerfile, "*\n!services/other/target/quarkus-app/\n"))
        .hasSize(1);
    assertThat(
            DockerfileChecks.contextLetsCopiesIn(
                "demo", dockerfile, "*\n!services/demo/target/quarkus-app/\n"))
        .isEmpty();
  }

  @Test
  void aServiceStartingBeforeItsBucketExistsIsCaught() {
    String compose =
        """
        services:
          minio:
            image: minio/minio
            healthcheck: {test: [CMD, mc, ready, local]}
          minio-init:
            image: minio/mc
            restart: "no"
            depends_on: {minio: {condition: service_healthy}}
          demo:
            build: {context: ., dockerfile: services/demo/src/main/docker/Dockerfile}
            depends_on: {minio: {condition: service_healthy}}
            healthcheck: {test: [CMD, curl, -f, "http://127.0.0.1:8099/q/health/ready"]}
        """;

    assertThat(new ComposeChecks(ComposeFile.parse(compose, "")).startOrder())
        .containsExactly(
            "compose demo: does not wait for minio-init (service_completed_successfully)");
  }

  @Test
  void anUnsetComposeVariableIsCaught() {
    ComposeFile compose =
        ComposeFile.parse(
            "services:\n  demo:\n    image: ${REGISTRY}/demo:${TAG:-latest}\n", "TAG=1\n");

    assertThat(compose.problems()).containsExactly("variable REGISTRY is not set in .env");
    assertThat(compose.service("demo").path("image").asText()).isEqualTo("/demo:1");
  }

  @Test
  void renderingWithoutKustomizeOrKubectlFails() {
    Map<String, String> bare = Map.of("PATH", "/nonexistent");

    assertThat(Kustomize.command(bare)).isEmpty();
    assertThatThrownBy(() -> Kustomize.build(Checkout.path(Design.KUSTOMIZATIONS.get(0)), bare))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no kustomize");
  }
}
