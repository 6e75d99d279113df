package dev.stride.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks of what a rendered deploy/k8s runs on: Kafka (Strimzi), its topics, MinIO, KEDA's scaling
 * of the trainers and the predictor's availability, against the services' configuration and
 * Topics.java. Each returns its problems, one line each; none means the check passed.
 */
final class PlatformChecks {

  private final KubeObjects objects;

  PlatformChecks(KubeObjects objects) {
    this.objects = objects;
  }

  /** The KafkaTopics by topic name; problems if one lacks partitions, retention or its cluster. */
  Map<String, TopicSpec> topics(List<String> problems) {
    Map<String, TopicSpec> topics = new LinkedHashMap<>();
    Set<String> clusters = new TreeSet<>();
    objects.ofKind("Kafka").forEach(k -> clusters.add(KubeObjects.name(k)));
    for (JsonNode topic : objects.ofKind("KafkaTopic")) {
      String name = topic.at("/spec/topicName").asText(KubeObjects.name(topic));
      if (!clusters.contains(topic.at("/metadata/labels/strimzi.io~1cluster").asText())) {
        problems.add("KafkaTopic " + name + " belongs to no Kafka cluster of these manifests");
      }
      if (!topic.at("/spec/partitions").isInt()
          || !topic.at("/spec/config/retention.ms").isNumber()) {
        problems.add("KafkaTopic " + name + " has no partitions or no retention.ms");
      }
      topics.put(
          name,
          new TopicSpec(
              topic.at("/spec/partitions").asInt(),
              topic.at("/spec/config/retention.ms").asLong()));
    }
    return topics;
  }

  /** Kafka in KRaft mode: a node pool of the cluster with the controller and broker roles. */
  List<String> kraft() {
    List<String> problems = new ArrayList<>();
    for (JsonNode kafka : objects.ofKind("Kafka")) {
      Set<String> roles = new TreeSet<>();
      for (JsonNode pool : objects.ofKind("KafkaNodePool")) {
        if (KubeObjects.name(kafka)
            .equals(pool.at("/metadata/labels/strimzi.io~1cluster").asText())) {
          pool.at("/spec/roles").forEach(r -> roles.add(r.asText()));
        }
      }
      if (!roles.containsAll(Set.of("controller", "broker"))) {
        problems.add(
            "Kafka %s has node pools with roles %s, not controller and broker"
                .formatted(KubeObjects.name(kafka), roles));
      }
    }
    if (objects.ofKind("Kafka").isEmpty()) {
      problems.add("no Kafka");
    }
    return problems;
  }

  /**
   * Each Stride service uses an object store and a Kafka of these manifests, or settings pointing
   * elsewhere. With MinIO here: the bucket the setup Job creates, a Service of MinIO's pods as
   * endpoint, and the S3 user the Job creates (its keys), never MinIO's root user. Without MinIO
   * (external S3): an endpoint that is no loopback address. Kafka: a bootstrap Service of a Kafka
   * here, or (external Kafka) a setting that is no Service here.
   */
  List<String> objectStoreAndKafka(List<ServiceConfig> configs, String where) {
    List<String> problems = new ArrayList<>();
    Optional<JsonNode> minio =
        objects.workloads().stream()
            .filter(w -> firstContainer(w).path("env").toString().contains("MINIO_ROOT_USER"))
            .filter(w -> !"Job".equals(w.path("kind").asText()))
            .findFirst();
    Optional<JsonNode> setupJob =
        objects.ofKind("Job").stream()
            .filter(j -> firstContainer(j).path("image").asText().contains("/mc:"))
            .findFirst();
    Map<String, String> minioEnv =
        minio.map(m -> objects.environment(firstContainer(m), problems)).orElse(Map.of());
    Map<String, String> jobEnv =
        setupJob.map(j -> objects.environment(firstContainer(j), problems)).orElse(Map.of());
    if (minio.isPresent() && setupJob.isEmpty()) {
      problems.add(where + ": MinIO without a Job creating the bucket and the services' user");
    }
    for (ServiceConfig config : configs) {
      Map<String, String> env = objects.strideEnvironment(config.name(), problems);
      String prefix = where + ": " + config.name() + ": ";
      String endpoint = storeValue(config, env, "store.endpoint").orElse("http://unset:0");
      if (minio.isPresent()) {
        expect(problems, prefix, config, env, "store.bucket", jobEnv.get("STRIDE_STORE_BUCKET"));
        expect(
            problems,
            prefix,
            config,
            env,
            "store.access-key",
            jobEnv.get("STRIDE_STORE_ACCESS_KEY"));
        expect(
            problems,
            prefix,
            config,
            env,
            "store.secret-key",
            jobEnv.get("STRIDE_STORE_SECRET_KEY"));
        if (storeValue(config, env, "store.access-key")
            .equals(Optional.ofNullable(minioEnv.get("MINIO_ROOT_USER")))) {
          problems.add(prefix + "uses MinIO's root user");
        }
        if (!isServiceUrl(endpoint, KubeObjects.podLabels(minio.get()))) {
          problems.add(
              "%sstore endpoint %s is no Service of the MinIO pods".formatted(prefix, endpoint));
        }
      } else if (URI.create(endpoint).getHost() == null
          || endpoint.contains("127.0.0.1")
          || endpoint.contains("localhost")) {
        problems.add("%sstore endpoint %s is no S3 endpoint".formatted(prefix, endpoint));
      }
      String bootstrap = config.value("kafka.bootstrap.servers", env).orElse("?");
      boolean kafkaHere = !objects.ofKind("Kafka").isEmpty();
      if (kafkaHere && !isKafkaBootstrap(bootstrap)
          || !kafkaHere && (bootstrap.isBlank() || bootstrap.contains("127.0.0.1"))) {
        problems.add(
            "%skafka.bootstrap.servers %s is no Kafka bootstrap Service here"
                .formatted(prefix, bootstrap));
      }
    }
    return problems;
  }

  private static JsonNode firstContainer(JsonNode workload) {
    return KubeObjects.podSpec(workload).path("containers").path(0);
  }

  private static Optional<String> storeValue(
      ServiceConfig config, Map<String, String> env, String suffix) {
    return config.mappedKeys().stream()
        .filter(k -> k.endsWith("." + suffix))
        .findFirst()
        .flatMap(k -> config.value(k, env));
  }

  private static void expect(
      List<String> problems,
      String prefix,
      ServiceConfig config,
      Map<String, String> env,
      String suffix,
      String expected) {
    Optional<String> actual = storeValue(config, env, suffix);
    if (actual.isEmpty() || !actual.get().equals(expected)) {
      problems.add(
          "%s%s is %s, MinIO side has %s"
              .formatted(prefix, suffix, actual.orElse("unset"), expected));
    }
  }

  /** Whether {@code bootstrap} (host:port) is the bootstrap Service of a Kafka listener here. */
  boolean isKafkaBootstrap(String bootstrap) {
    for (JsonNode kafka : objects.ofKind("Kafka")) {
      String service = KubeObjects.name(kafka) + "-kafka-bootstrap";
      for (JsonNode listener : kafka.at("/spec/kafka/listeners")) {
        for (String host : hostNames(service, KubeObjects.namespace(kafka))) {
          if (bootstrap.equals(host + ":" + listener.path("port").asInt())) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /**
   * Whether {@code url}'s host and port are a Service here that selects pods with {@code labels}.
   */
  boolean isServiceUrl(String url, Map<String, String> labels) {
    URI uri = URI.create(url);
    for (JsonNode service : objects.ofKind("Service")) {
      if (!KubeObjects.selects(service.at("/spec/selector"), labels)) {
        continue;
      }
      for (String host : hostNames(KubeObjects.name(service), KubeObjects.namespace(service))) {
        for (JsonNode port : service.at("/spec/ports")) {
          if (host.equals(uri.getHost()) && port.path("port").asInt() == uri.getPort()) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private static List<String> hostNames(String service, String namespace) {
    return List.of(
        service,
        service + "." + namespace,
        service + "." + namespace + ".svc",
        service + "." + namespace + ".svc.cluster.local");
  }

  /**
   * Every Stride pod is given more time to stop than its service takes to drain the requests in
   * flight ({@code quarkus.shutdown.timeout}).
   */
  List<String> shutdownGrace(Map<String, ServiceConfig> configs) {
    List<String> problems = new ArrayList<>();
    for (ServiceConfig config : configs.values()) {
      Optional<JsonNode> deployment = objects.strideDeployment(config.name());
      if (deployment.isEmpty()) {
        continue;
      }
      Optional<String> drain =
          config.value(
              "quarkus.shutdown.timeout", objects.strideEnvironment(config.name(), problems));
      long grace =
          KubeObjects.podSpec(deployment.get()).path("terminationGracePeriodSeconds").asLong(30);
      if (drain.isPresent() && grace <= Duration.parse(drain.get()).toSeconds()) {
        problems.add(
            "%s: terminationGracePeriodSeconds %s does not exceed quarkus.shutdown.timeout %s"
                .formatted(config.name(), grace, drain.get()));
      }
    }
    return problems;
  }

  /** The trainer's pods get more time to stop than the trainer's stop timeout. */
  List<String> trainerGracePeriod(ServiceConfig trainer) {
    List<String> problems = new ArrayList<>();
    Optional<JsonNode> deployment = objects.strideDeployment(trainer.name());
    if (deployment.isEmpty()) {
      return List.of("no trainer Deployment");
    }
    Duration stopTimeout =
        Duration.parse(
            trainer
                .value("trainer.stop-timeout", objects.strideEnvironment(trainer.name(), problems))
                .orElseThrow());
    long grace =
        KubeObjects.podSpec(deployment.get()).path("terminationGracePeriodSeconds").asLong(30);
    if (grace <= stopTimeout.toSeconds()) {
      problems.add(
          "trainer: terminationGracePeriodSeconds %s does not exceed trainer.stop-timeout %s"
              .formatted(grace, stopTimeout));
    }
    return problems;
  }

  /** The KEDA ScaledObject of the trainers: their group, their topic, their Kafka, their pool. */
  List<String> trainerAutoscaling(
      ServiceConfig trainer, String requestsTopic, Map<String, TopicSpec> topics) {
    List<String> problems = new ArrayList<>();
    Map<String, String> env = objects.strideEnvironment(trainer.name(), problems);
    String group = trainer.value("trainer.group", env).orElse("?");
    String bootstrap = trainer.value("kafka.bootstrap.servers", env).orElse("?");
    Optional<JsonNode> deployment = objects.strideDeployment(trainer.name());
    List<JsonNode> scalers =
        objects.ofKind("ScaledObject").stream()
            .filter(
                s ->
                    deployment
                        .map(KubeObjects::name)
                        .orElse("")
                        .equals(s.at("/spec/scaleTargetRef/name").asText()))
            .toList();
    if (scalers.size() != 1) {
      return List.of(
          "expected one ScaledObject of the trainer Deployment, found " + scalers.size());
    }
    JsonNode scaler = scalers.get(0);
    for (JsonNode trigger : scaler.at("/spec/triggers")) {
      JsonNode metadata = trigger.path("metadata");
      if (!"kafka".equals(trigger.path("type").asText())) {
        problems.add("ScaledObject trigger " + trigger.path("type").asText() + " is not kafka");
      }
      expectTrigger(problems, "consumerGroup", metadata, group);
      expectTrigger(problems, "topic", metadata, requestsTopic);
      // KEDA's operator connects from its own namespace: the trigger may name the same Service
      // with its namespace (stride-kafka-bootstrap.stride.svc:9093 for stride-kafka-bootstrap:9093)
      String triggerBootstrap = metadata.path("bootstrapServers").asText();
      boolean sameService =
          isKafkaBootstrap(triggerBootstrap)
              && isKafkaBootstrap(bootstrap)
              && triggerBootstrap.startsWith(bootstrap.substring(0, bootstrap.indexOf(':')) + ".")
              && triggerBootstrap.endsWith(bootstrap.substring(bootstrap.indexOf(':')));
      if (!sameService) {
        expectTrigger(problems, "bootstrapServers", metadata, bootstrap);
      }
    }
    int max = scaler.at("/spec/maxReplicaCount").asInt(100);
    TopicSpec requests = topics.get(requestsTopic);
    if (requests == null || max > requests.partitions()) {
      problems.add(
          "maxReplicaCount %s exceeds the partitions of %s (%s)"
              .formatted(max, requestsTopic, requests));
    }
    if (deployment.isPresent() && deployment.get().at("/spec/replicas").isInt()) {
      problems.add("the trainer Deployment sets replicas, which KEDA owns");
    }
    return problems;
  }

  private static void expectTrigger(
      List<String> problems, String field, JsonNode metadata, String expected) {
    if (!expected.equals(metadata.path(field).asText())) {
      problems.add(
          "ScaledObject %s is %s, the trainers use %s"
              .formatted(field, metadata.path(field).asText(), expected));
    }
  }

  /** The predictor: scaled by an HPA and kept up by a PodDisruptionBudget, both its own. */
  List<String> predictorAvailability(String predictor) {
    List<String> problems = new ArrayList<>();
    Optional<JsonNode> deployment = objects.strideDeployment(predictor);
    if (deployment.isEmpty()) {
      return List.of("no predictor Deployment");
    }
    String name = KubeObjects.name(deployment.get());
    boolean scaled =
        objects.ofKind("HorizontalPodAutoscaler").stream()
            .anyMatch(
                h ->
                    name.equals(h.at("/spec/scaleTargetRef/name").asText())
                        && "Deployment".equals(h.at("/spec/scaleTargetRef/kind").asText()));
    boolean budgeted =
        objects.ofKind("PodDisruptionBudget").stream()
            .anyMatch(
                p ->
                    KubeObjects.selects(
                        p.at("/spec/selector"), KubeObjects.podLabels(deployment.get())));
    if (!scaled) {
      problems.add("no HorizontalPodAutoscaler scales " + name);
    }
    if (!budgeted) {
      problems.add("no PodDisruptionBudget selects " + name + "'s pods");
    }
    if (deployment.get().at("/spec/replicas").isInt()) {
      problems.add(name + " sets replicas, which its HPA owns");
    }
    return problems;
  }
}
