package dev.stride.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The objects of one rendered kustomization, and what their pods would see. */
final class KubeObjects {

  private static final Pattern DEPENDENT = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

  private final List<JsonNode> objects;

  KubeObjects(List<JsonNode> objects) {
    this.objects = List.copyOf(objects);
  }

  List<JsonNode> all() {
    return objects;
  }

  List<JsonNode> ofKind(String kind) {
    return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
  }

  Optional<JsonNode> find(String kind, String name) {
    return ofKind(kind).stream().filter(o -> name.equals(name(o))).findFirst();
  }

  JsonNode get(String kind, String name) {
    return find(kind, name).orElseThrow(() -> new AssertionError("no %s/%s".formatted(kind, name)));
  }

  /** Deployments, StatefulSets and Jobs: everything that has a pod template. */
  List<JsonNode> workloads() {
    return objects.stream().filter(o -> o.at("/spec/template/spec").isObject()).toList();
  }

  /** The Deployment of a Stride service: labelled app.kubernetes.io/name=stride-NAME. */
  Optional<JsonNode> strideDeployment(String service) {
    return ofKind("Deployment").stream()
        .filter(
            d ->
                ("stride-" + service)
                    .equals(KubeObjects.podLabels(d).get("app.kubernetes.io/name")))
        .findFirst();
  }

  /** The service's container environment; reference problems are added to {@code problems}. */
  Map<String, String> strideEnvironment(String service, List<String> problems) {
    return strideDeployment(service)
        .map(d -> environment(KubeObjects.podSpec(d).path("containers").path(0), problems))
        .orElse(Map.of());
  }

  static String name(JsonNode object) {
    return object.at("/metadata/name").asText();
  }

  static String namespace(JsonNode object) {
    return object.at("/metadata/namespace").asText();
  }

  static JsonNode podSpec(JsonNode workload) {
    return workload.at("/spec/template/spec");
  }

  static Map<String, String> podLabels(JsonNode workload) {
    Map<String, String> labels = new LinkedHashMap<>();
    workload
        .at("/spec/template/metadata/labels")
        .fields()
        .forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
    return labels;
  }

  /** Whether a label selector (matchLabels and In expressions) selects {@code labels}. */
  static boolean selects(JsonNode selector, Map<String, String> labels) {
    JsonNode matchLabels = selector.has("matchLabels") ? selector.path("matchLabels") : selector;
    boolean[] all = {true};
    matchLabels
        .fields()
        .forEachRemaining(
            e -> {
              if (!"matchExpressions".equals(e.getKey())) {
                all[0] &= e.getValue().asText().equals(labels.get(e.getKey()));
              }
            });
    for (JsonNode expression : selector.path("matchExpressions")) {
      String value = labels.get(expression.path("key").asText());
      boolean listed = false;
      for (JsonNode candidate : expression.path("values")) {
        listed |= candidate.asText().equals(value);
      }
      String operator = expression.path("operator").asText();
      all[0] &=
          switch (operator) {
            case "In" -> listed;
            case "NotIn" -> !listed;
            case "Exists" -> value != null;
            case "DoesNotExist" -> value == null;
            default -> false;
          };
    }
    return all[0];
  }

  /** The data of a ConfigMap or Secret (a Secret's data decoded, its stringData as is). */
  Optional<Map<String, String>> data(String kind, String name) {
    return find(kind, name)
        .map(
            object -> {
              Map<String, String> data = new LinkedHashMap<>();
              object
                  .path("data")
                  .fields()
                  .forEachRemaining(
                      e ->
                          data.put(
                              e.getKey(),
                              "Secret".equals(kind)
                                  ? new String(
                                      Base64.getMimeDecoder().decode(e.getValue().asText()),
                                      StandardCharsets.UTF_8)
                                  : e.getValue().asText()));
              object
                  .path("stringData")
                  .fields()
                  .forEachRemaining(e -> data.put(e.getKey(), e.getValue().asText()));
              return data;
            });
  }

  /**
   * A container's environment as the kubelet builds it: envFrom sources in order, then env (with
   * $(VAR) references to earlier variables expanded). A reference to a missing ConfigMap, Secret or
   * key (unless marked optional) is added to {@code problems}.
   */
  Map<String, String> environment(JsonNode container, List<String> problems) {
    Map<String, String> env = new LinkedHashMap<>();
    String where = "container " + container.path("name").asText();
    for (JsonNode source : container.path("envFrom")) {
      String kind = source.has("secretRef") ? "Secret" : "ConfigMap";
      JsonNode ref = source.path(source.has("secretRef") ? "secretRef" : "configMapRef");
      String name = ref.path("name").asText();
      Optional<Map<String, String>> data = data(kind, name);
      // an optional source may be missing: the kubelet then adds nothing from it
      if (data.isEmpty() && !ref.path("optional").asBoolean(false)) {
        problems.add("%s: envFrom names a missing %s %s".formatted(where, kind, name));
      }
      data.ifPresent(d -> d.forEach((k, v) -> env.put(source.path("prefix").asText() + k, v)));
    }
    for (JsonNode variable : container.path("env")) {
      String name = variable.path("name").asText();
      if (variable.has("value")) {
        env.put(name, expand(variable.path("value").asText(), env));
        continue;
      }
      JsonNode from = variable.path("valueFrom");
      String kind = from.has("secretKeyRef") ? "Secret" : "ConfigMap";
      JsonNode ref = from.path(from.has("secretKeyRef") ? "secretKeyRef" : "configMapKeyRef");
      if (ref.isMissingNode()) {
        continue; // fieldRef, resourceFieldRef: filled in by the kubelet
      }
      String key = ref.path("key").asText();
      String value = data(kind, ref.path("name").asText()).map(d -> d.get(key)).orElse(null);
      if (value == null) {
        problems.add(
            "%s: %s names a missing %s key %s/%s"
                .formatted(where, name, kind, ref.path("name").asText(), key));
      } else {
        env.put(name, value);
      }
    }
    return env;
  }

  /** $(VAR) replaced by the variables defined so far, as the kubelet does. */
  static String expand(String text, Map<String, String> env) {
    Matcher reference = DEPENDENT.matcher(text);
    StringBuilder out = new StringBuilder();
    while (reference.find()) {
      String value = env.getOrDefault(reference.group(1), reference.group());
      reference.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    reference.appendTail(out);
    return out.toString();
  }

  /** A container port given by number or by name; empty if the container has no such port. */
  static Optional<Integer> containerPort(JsonNode container, JsonNode port) {
    for (JsonNode declared : container.path("ports")) {
      if (port.isInt() && declared.path("containerPort").asInt() == port.asInt()
          || port.isTextual() && port.asText().equals(declared.path("name").asText())) {
        return Optional.of(declared.path("containerPort").asInt());
      }
    }
    return Optional.empty();
  }
}
