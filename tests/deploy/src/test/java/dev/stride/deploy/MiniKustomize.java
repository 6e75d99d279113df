package dev.stride.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The part of kustomize that deploy/k8s uses, for machines without kustomize: {@code resources}
 * (files and kustomization folders), {@code namespace} and {@code patches} that are JSON patches
 * with a target. Anything else in a kustomization is refused rather than ignored. Where kustomize
 * exists, {@code KustomizeTest} checks that both render deploy/k8s alike.
 */
final class MiniKustomize {

  private static final Set<String> SUPPORTED =
      Set.of("apiVersion", "kind", "resources", "namespace", "patches");

  /** Kinds that have no namespace (those that deploy/k8s could contain). */
  private static final Set<String> CLUSTER_SCOPED =
      Set.of(
          "Namespace",
          "CustomResourceDefinition",
          "ClusterRole",
          "ClusterRoleBinding",
          "PersistentVolume",
          "StorageClass",
          "PriorityClass");

  private MiniKustomize() {}

  static List<JsonNode> build(Path dir) {
    JsonNode kustomization = Yamls.read(dir.resolve("kustomization.yaml"));
    kustomization
        .fieldNames()
        .forEachRemaining(
            field -> {
              if (!SUPPORTED.contains(field)) {
                throw new UnsupportedOperationException(
                    dir + ": '" + field + "' needs a real kustomize");
              }
            });
    List<JsonNode> objects = new ArrayList<>();
    for (JsonNode resource : kustomization.path("resources")) {
      Path path = dir.resolve(resource.asText()).normalize();
      objects.addAll(Files.isDirectory(path) ? build(path) : Yamls.readAll(path));
    }
    for (JsonNode patch : kustomization.path("patches")) {
      JsonNode operations =
          patch.has("path")
              ? Yamls.read(dir.resolve(patch.path("path").asText()))
              : Yamls.parse(patch.path("patch").asText());
      if (!operations.isArray()) {
        throw new UnsupportedOperationException(dir + ": strategic merge patches need kustomize");
      }
      List<JsonNode> targets =
          objects.stream().filter(o -> matches(patch.path("target"), o)).toList();
      if (targets.isEmpty()) {
        throw new IllegalStateException(dir + ": no object matches the patch target " + patch);
      }
      targets.forEach(target -> JsonPatch.apply(operations, target));
    }
    if (kustomization.has("namespace")) {
      String namespace = kustomization.path("namespace").asText();
      for (JsonNode object : objects) {
        if (!CLUSTER_SCOPED.contains(object.path("kind").asText())) {
          ((ObjectNode) object.path("metadata")).put("namespace", namespace);
        }
      }
    }
    return objects;
  }

  private static boolean matches(JsonNode target, JsonNode object) {
    String apiVersion = object.path("apiVersion").asText();
    String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
    String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
    return (!target.has("group") || target.path("group").asText().equals(group))
        && (!target.has("version") || target.path("version").asText().equals(version))
        && (!target.has("kind")
            || target.path("kind").asText().equals(object.path("kind").asText()))
        && (!target.has("name")
            || target.path("name").asText().equals(object.at("/metadata/name").asText()));
  }
}
