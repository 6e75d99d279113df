package dev.stride.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.SpecVersion.VersionFlag;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Validates Kubernetes objects: built-in kinds strictly against the Kubernetes {@value
 * KubernetesSchemas#VERSION} API ({@link KubernetesSchemas}), custom resources against their
 * vendored CRDs ({@link CrdSchemas}). A kind known to neither is an error.
 */
final class ManifestValidator {

  private final Map<String, JsonSchemas> crds = new HashMap<>();
  private final Map<String, Optional<JsonSchemas>> builtIn = new HashMap<>();

  ManifestValidator() {
    for (CrdSchemas.Crd crd : CrdSchemas.vendored()) {
      crds.put(
          key(crd.apiVersion(), crd.kind()),
          JsonSchemas.compile(CrdSchemas.forCrd(crd), VersionFlag.V202012));
    }
  }

  /** The errors of one object, each prefixed with its kind and name. */
  List<String> validate(JsonNode object) {
    String apiVersion = object.path("apiVersion").asText();
    String kind = object.path("kind").asText();
    String name = kind + "/" + object.at("/metadata/name").asText();
    JsonSchemas schema = crds.get(key(apiVersion, kind));
    if (schema == null) {
      schema =
          builtIn
              .computeIfAbsent(
                  key(apiVersion, kind),
                  k ->
                      KubernetesSchemas.modelClass(apiVersion, kind)
                          .map(model -> KubernetesSchemas.forKind(model, apiVersion, kind))
                          .map(json -> JsonSchemas.compile(json, VersionFlag.V202012)))
              .orElse(null);
    }
    if (schema == null) {
      return List.of(name + ": no schema for " + apiVersion + " " + kind);
    }
    List<String> errors = new ArrayList<>();
    for (String error : schema.validate(object)) {
      errors.add(name + ": " + error);
    }
    return errors;
  }

  List<String> validateAll(List<JsonNode> objects) {
    List<String> errors = new ArrayList<>();
    objects.forEach(object -> errors.addAll(validate(object)));
    return errors;
  }

  private static String key(String apiVersion, String kind) {
    return apiVersion + " " + kind;
  }
}
