package dev.stride.deploy;

import dev.stride.contracts.Topics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Decisions of the deployment that both docker-compose.yml and deploy/k8s must carry out. */
final class Design {

  /**
   * What deploy/k8s builds: each overlay whose kinds all have a vendored schema (overlays/kserve's
   * InferenceService has none; KServeOverlayTest checks its structure). The base is no deployment
   * of its own (no Kafka, object store or credentials) and is covered through the overlays.
   */
  static final List<String> KUSTOMIZATIONS =
      List.of("deploy/k8s/overlays/dev", "deploy/k8s/overlays/gpu", "deploy/k8s/overlays/external");

  /** The Strimzi release deploy/k8s is written for, and the Kafka version it runs (its default). */
  static final String STRIMZI_RELEASE = "1.2.0";

  static final String KAFKA_VERSION = "4.3.1";

  /** The console's Service and NetworkPolicy exist before the console does (port 8090). */
  static final String PLANNED_CONSOLE = "stride-console";

  private Design() {}

  /**
   * Partitions per topic. training.requests has one per trainer of the largest pool (4: the GPU
   * overlay's maxReplicaCount), so that each trainer owns one; every other topic, and every
   * dead-letter topic ({@link Topics#deadLetter}), keeps one partition, which also keeps all events
   * in one order.
   */
  static Map<String, Integer> partitions(List<String> topics) {
    Map<String, Integer> partitions = new LinkedHashMap<>();
    topics.forEach(t -> partitions.put(t, t.equals(Topics.TRAINING_REQUESTS) ? 4 : 1));
    topics.forEach(t -> partitions.put(Topics.deadLetter(t), 1));
    return partitions;
  }

  /** The partitions of every topic of libs/contracts' Topics and of its dead-letter topic. */
  static Map<String, Integer> partitions() {
    return partitions(Topics.ALL);
  }

  static Map<String, ServiceConfig> serviceConfigs() {
    return Checkout.services().stream()
        .collect(Collectors.toMap(s -> s, ServiceConfig::of, (a, b) -> a, LinkedHashMap::new));
  }
}
