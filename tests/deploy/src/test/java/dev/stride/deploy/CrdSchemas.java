package dev.stride.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Strict JSON schemas of the custom resources Stride uses, from the openAPIV3Schema of their CRDs,
 * vendored under src/test/resources/schemas (see the README there): Strimzi 1.2.0's Kafka,
 * KafkaNodePool and KafkaTopic (API v1) and KEDA 2.16's ScaledObject and TriggerAuthentication
 * (keda.sh/v1alpha1).
 *
 * <p>A CRD's schema is made strict the way the API server's strict field validation reads it: an
 * object with declared properties refuses others unless it says {@code
 * x-kubernetes-preserve-unknown-fields}; {@code metadata} is checked as the built-in ObjectMeta.
 */
final class CrdSchemas {

  /** A custom resource type and the openAPIV3Schema of that version. */
  record Crd(String apiVersion, String kind, JsonNode openApiV3Schema) {}

  private static final List<String> CRDS =
      List.of(
          "/schemas/strimzi-1.2.0/040-Crd-kafka.yaml",
          "/schemas/strimzi-1.2.0/043-Crd-kafkatopic.yaml",
          "/schemas/strimzi-1.2.0/044-Crd-kafkauser.yaml",
          "/schemas/strimzi-1.2.0/045-Crd-kafkanodepool.yaml",
          "/schemas/keda/scaledobjects.keda.sh.yaml",
          "/schemas/keda/triggerauthentications.keda.sh.yaml");

  /** openAPIV3Schemas by API version and kind, extracted from npm models (schemas README). */
  private static final List<List<String>> EXTRACTED =
      List.of(
          List.of(
              "monitoring.coreos.com/v1",
              "ServiceMonitor",
              "/schemas/prometheus-operator/servicemonitor.openapi.json"),
          List.of(
              "monitoring.coreos.com/v1",
              "PodMonitor",
              "/schemas/prometheus-operator/podmonitor.openapi.json"));

  private CrdSchemas() {}

  /** Every served version of the vendored CRDs. */
  static List<Crd> vendored() {
    List<Crd> crds = new ArrayList<>();
    for (String resource : CRDS) {
      JsonNode crd = Yamls.parse(Yamls.resource(resource));
      String group = crd.at("/spec/group").asText();
      String kind = crd.at("/spec/names/kind").asText();
      for (JsonNode version : crd.at("/spec/versions")) {
        if (version.path("served").asBoolean()) {
          crds.add(
              new Crd(
                  group + "/" + version.path("name").asText(),
                  kind,
                  version.at("/schema/openAPIV3Schema")));
        }
      }
    }
    for (List<String> extracted : EXTRACTED) {
      crds.add(
          new Crd(
              extracted.get(0), extracted.get(1), Yamls.parse(Yamls.resource(extracted.get(2)))));
    }
    return crds;
  }

  /** The strict schema of one custom resource type. */
  static ObjectNode forCrd(Crd crd) {
    ObjectNode schema = strict(crd.openApiV3Schema());
    ObjectNode properties = schema.withObject("/properties");
    properties.putObject("apiVersion").put("const", crd.apiVersion());
    properties.putObject("kind").put("const", crd.kind());
    properties.putObject("metadata").put("$ref", "#/$defs/" + V1ObjectMeta.class.getSimpleName());
    ArrayNode required = schema.withArray("/required");
    for (String field : List.of("apiVersion", "kind", "metadata")) {
      if (!contains(required, field)) {
        required.add(field);
      }
    }
    KubernetesSchemas.define(V1ObjectMeta.class, schema.putObject("$defs"));
    return schema;
  }

  /** A copy of an OpenAPI v3 (Kubernetes structural) schema as a strict JSON schema. */
  static ObjectNode strict(JsonNode openApi) {
    ObjectNode schema = Yamls.JSON.createObjectNode();
    Iterator<Map.Entry<String, JsonNode>> fields = openApi.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String name = field.getKey();
      JsonNode value = field.getValue();
      switch (name) {
        case "properties" -> {
          ObjectNode properties = schema.putObject("properties");
          value.fields().forEachRemaining(p -> properties.set(p.getKey(), strict(p.getValue())));
        }
        case "items", "not" -> schema.set(name, strict(value));
        case "additionalProperties" ->
            schema.set(name, value.isObject() ? strict(value) : value.deepCopy());
        case "allOf", "anyOf", "oneOf" -> {
          ArrayNode alternatives = schema.putArray(name);
          value.forEach(alternative -> alternatives.add(strict(alternative)));
        }
        case "nullable" -> {} // below
        default -> {
          if (!name.startsWith("x-kubernetes-")) {
            schema.set(name, value.deepCopy());
          }
        }
      }
    }
    if (openApi.path("x-kubernetes-int-or-string").asBoolean() && !schema.has("type")) {
      schema.putArray("type").add("integer").add("string");
    }
    if (openApi.path("nullable").asBoolean() && schema.has("type")) {
      ArrayNode types = Yamls.JSON.createArrayNode();
      if (schema.get("type").isArray()) {
        types.addAll((ArrayNode) schema.get("type"));
      } else {
        types.add(schema.get("type"));
      }
      types.add("null");
      schema.set("type", types);
    }
    boolean open = openApi.path("x-kubernetes-preserve-unknown-fields").asBoolean();
    if (schema.has("properties") && !schema.has("additionalProperties") && !open) {
      schema.put("additionalProperties", false);
    }
    return schema;
  }

  private static boolean contains(ArrayNode array, String value) {
    for (JsonNode element : array) {
      if (element.asText().equals(value)) {
        return true;
      }
    }
    return false;
  }
}
