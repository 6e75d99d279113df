package dev.stride.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.gson.annotations.SerializedName;
import io.kubernetes.client.custom.IntOrString;
import io.kubernetes.client.custom.Quantity;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Strict JSON schemas of the built-in Kubernetes kinds, for Kubernetes {@value #VERSION}.
 *
 * <p>They are derived from the model classes of the official Java client {@code
 * io.kubernetes:client-java-api} 27.0.0, which the Kubernetes project generates from the 1.36
 * OpenAPI spec (kubernetes-client/java "Automated Generate from openapi release-1.36"): each
 * model's fields (by their JSON names) become properties, its {@code openapiRequiredFields} the
 * required ones, and every object refuses properties it does not declare ({@code
 * additionalProperties: false}), as {@code kubectl apply --validate=strict} does. Maps (labels,
 * resource lists) keep their declared value types.
 */
final class KubernetesSchemas {

  static final String VERSION = "1.36";

  private static final String MODELS = "io.kubernetes.client.openapi.models.";

  private KubernetesSchemas() {}

  /** The model class of a kind: apps/v1 Deployment is V1Deployment, autoscaling/v2 ... V2... */
  static Optional<Class<?>> modelClass(String apiVersion, String kind) {
    String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
    String name = Character.toUpperCase(version.charAt(0)) + version.substring(1) + kind;
    try {
      return Optional.of(Class.forName(MODELS + name));
    } catch (ClassNotFoundException e) {
      return Optional.empty();
    }
  }

  /** The schema of one kind: its model, with apiVersion and kind fixed to the given values. */
  static ObjectNode forKind(Class<?> model, String apiVersion, String kind) {
    ObjectNode schema = Yamls.JSON.createObjectNode();
    ObjectNode definitions = schema.putObject("$defs");
    define(model, definitions);
    ArrayNode allOf = schema.putArray("allOf");
    allOf.addObject().put("$ref", "#/$defs/" + model.getSimpleName());
    ObjectNode identity = allOf.addObject();
    ObjectNode properties = identity.putObject("properties");
    properties.putObject("apiVersion").put("const", apiVersion);
    properties.putObject("kind").put("const", kind);
    identity.putArray("required").add("apiVersion").add("kind");
    return schema;
  }

  /** Adds the definition of {@code model}, and of every model it refers to, to {@code defs}. */
  static void define(Class<?> model, ObjectNode defs) {
    if (defs.has(model.getSimpleName())) {
      return;
    }
    ObjectNode definition = defs.putObject(model.getSimpleName()); // before recursing: cycles
    definition.put("type", "object");
    definition.put("additionalProperties", false);
    ObjectNode properties = definition.putObject("properties");
    for (Field field : model.getDeclaredFields()) {
      SerializedName name = field.getAnnotation(SerializedName.class);
      if (name != null && !Modifier.isStatic(field.getModifiers())) {
        properties.set(name.value(), schemaOf(field.getGenericType(), defs));
      }
    }
    Set<String> required = new TreeSet<>(requiredFields(model));
    if (!required.isEmpty()) {
      required.forEach(definition.putArray("required")::add);
    }
  }

  private static Collection<String> requiredFields(Class<?> model) {
    try {
      @SuppressWarnings("unchecked")
      Collection<String> required =
          (Collection<String>) model.getField("openapiRequiredFields").get(null);
      return required;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(model + " has no openapiRequiredFields", e);
    }
  }

  private static JsonNode schemaOf(Type type, ObjectNode defs) {
    ObjectNode schema = Yamls.JSON.createObjectNode();
    if (type instanceof ParameterizedType parameterized) {
      Class<?> raw = (Class<?>) parameterized.getRawType();
      Type[] arguments = parameterized.getActualTypeArguments();
      if (List.class.isAssignableFrom(raw)) {
        schema.put("type", "array");
        schema.set("items", schemaOf(arguments[0], defs));
        return schema;
      }
      if (Map.class.isAssignableFrom(raw)) {
        schema.put("type", "object");
        schema.set("additionalProperties", schemaOf(arguments[1], defs));
        return schema;
      }
      throw new IllegalStateException("no schema for " + type);
    }
    Class<?> c = (Class<?>) type;
    if (c == String.class || c == OffsetDateTime.class || c == byte[].class) {
      schema.put("type", "string");
    } else if (c == Integer.class || c == Long.class) {
      schema.put("type", "integer");
    } else if (c == Boolean.class) {
      schema.put("type", "boolean");
    } else if (c == Double.class || c == Float.class || c == BigDecimal.class) {
      schema.put("type", "number");
    } else if (c == IntOrString.class) {
      schema.putArray("type").add("integer").add("string");
    } else if (c == Quantity.class) {
      // "500m", "2Gi", or a plain number such as cpu: 2
      schema.putArray("type").add("string").add("number");
    } else if (c == Object.class) {
      return schema; // free-form JSON (e.g. RawExtension)
    } else if (c.isEnum()) {
      schema.put("type", "string");
      ArrayNode values = schema.putArray("enum");
      for (Object constant : c.getEnumConstants()) {
        values.add(constant.toString());
      }
    } else if (c.getName().startsWith(MODELS)) {
      define(c, defs);
      schema.put("$ref", "#/$defs/" + c.getSimpleName());
    } else {
      throw new IllegalStateException("no schema for " + c);
    }
    return schema;
  }
}
