package dev.stride.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The Secrets deploy/k8s references by name but does not render: written by Strimzi's operators
 * (one per KafkaUser, the cluster CA) or created by the user (credentials; only the dev overlay
 * generates them). The checks of references and environments see a stand-in for each that a
 * rendering lacks, with the keys the real one has and a value naming it ("secret/key").
 */
final class OutsideSecrets {

  /** Each Secret made outside kustomize, and its keys. */
  static final Map<String, Set<String>> KEYS = keys();

  private OutsideSecrets() {}

  private static Map<String, Set<String>> keys() {
    Map<String, Set<String>> keys = new LinkedHashMap<>();
    for (String service : List.of("ingestion", "trainer", "evaluator", "predictor", "console")) {
      // Strimzi's User Operator: the KafkaUser's Secret (SCRAM-SHA-512)
      keys.put("stride-" + service, Set.of("password", "sasl.jaas.config"));
    }
    // Strimzi's Cluster Operator: the cluster CA of Kafka "stride"
    keys.put("stride-cluster-ca-cert", Set.of("ca.crt", "ca.p12", "ca.password"));
    keys.put(
        "stride-store-credentials", Set.of("STRIDE_STORE_ACCESS_KEY", "STRIDE_STORE_SECRET_KEY"));
    keys.put("stride-minio-root", Set.of("MINIO_ROOT_USER", "MINIO_ROOT_PASSWORD"));
    keys.put("stride-console-api-keys", Set.of("CONSOLE_AUTH_API_KEYS"));
    return keys;
  }

  /** {@code objects} and a stand-in for every outside Secret they do not contain. */
  static List<JsonNode> addStandIns(List<JsonNode> objects) {
    Set<String> rendered = new TreeSet<>();
    String namespace = "";
    for (JsonNode object : objects) {
      if ("Secret".equals(object.path("kind").asText())) {
        rendered.add(KubeObjects.name(object));
      }
      if (namespace.isEmpty()) {
        namespace = KubeObjects.namespace(object);
      }
    }
    List<JsonNode> all = new ArrayList<>(objects);
    for (Map.Entry<String, Set<String>> secret : KEYS.entrySet()) {
      if (rendered.contains(secret.getKey())) {
        continue;
      }
      ObjectNode standIn = Yamls.JSON.createObjectNode();
      standIn.put("apiVersion", "v1").put("kind", "Secret");
      ObjectNode metadata = standIn.putObject("metadata").put("name", secret.getKey());
      if (!namespace.isEmpty()) {
        metadata.put("namespace", namespace);
      }
      ObjectNode data = standIn.putObject("stringData");
      new TreeSet<>(secret.getValue()).forEach(k -> data.put(k, secret.getKey() + "/" + k));
      all.add(standIn);
    }
    return all;
  }
}
