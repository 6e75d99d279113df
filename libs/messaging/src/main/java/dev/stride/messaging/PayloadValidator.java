package dev.stride.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion.VersionFlag;
import com.networknt.schema.ValidationMessage;
import dev.stride.contracts.events.EventType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks an event body against its JSON Schema in the AsyncAPI document ({@code
 * docs/asyncapi.yaml}, packaged with libs/contracts): the same schemas outside producers read,
 * which a test there keeps equal to the ones generated from the records.
 */
final class PayloadValidator {

  static final String DOCUMENT = "/dev/stride/contracts/asyncapi.yaml";

  private static final Set<String> NON_FINITE = Set.of("NaN", "Infinity", "-Infinity");
  private static final Map<EventType, JsonNode> SCHEMAS = load();
  private static final Map<EventType, JsonSchema> VALIDATORS = new EnumMap<>(EventType.class);

  private PayloadValidator() {}

  /** A problem found in a body: the JSON path of the field at fault ("" for the body itself). */
  record Violation(String field, String message) {}

  /**
   * A violation of {@code type}'s schema by {@code body}, if there is one: the one at the smallest
   * path when there are several, so that the same body always gets the same answer.
   */
  static Optional<Violation> check(EventType type, JsonNode body) {
    return validator(type).validate(body).stream()
        .filter(message -> !nonFiniteNumber(message))
        .map(PayloadValidator::violation)
        .min(Comparator.comparing(Violation::field));
  }

  /**
   * Fields of {@code body} that {@code type}'s schema does not name: a newer minor version's
   * additions, which this version reads past.
   */
  static List<String> unknownFields(EventType type, JsonNode body) {
    List<String> unknown = new ArrayList<>();
    collectUnknown(SCHEMAS.get(type), body, "", unknown);
    return unknown;
  }

  private static void collectUnknown(
      JsonNode schema, JsonNode value, String path, List<String> unknown) {
    if (schema == null || value == null) {
      return;
    }
    JsonNode properties = schema.get("properties");
    if (value.isObject() && properties != null) {
      value
          .fieldNames()
          .forEachRemaining(
              name -> {
                String field = path.isEmpty() ? name : path + "." + name;
                if (properties.has(name)) {
                  collectUnknown(properties.get(name), value.get(name), field, unknown);
                } else {
                  unknown.add(field);
                }
              });
    } else if (value.isArray() && schema.get("items") != null) {
      for (int i = 0; i < value.size(); i++) {
        collectUnknown(schema.get("items"), value.get(i), path + "[" + i + "]", unknown);
      }
    }
  }

  /**
   * Json writes a NaN or infinite double (a diverged loss, the mean of an empty bin) as the string
   * "NaN" or "Infinity" and reads it back as that double: not a violation.
   */
  private static boolean nonFiniteNumber(ValidationMessage message) {
    JsonNode value = message.getInstanceNode();
    return "type".equals(message.getType())
        && value != null
        && value.isTextual()
        && NON_FINITE.contains(value.asText())
        && message.getSchemaNode() != null
        && message.getSchemaNode().toString().contains("number");
  }

  private static Violation violation(ValidationMessage message) {
    String at = message.getInstanceLocation().toString();
    String field = at.equals("$") ? "" : at.substring(at.startsWith("$.") ? 2 : 1);
    // a missing property is reported at its parent; name the property itself
    if ("required".equals(message.getType()) && message.getProperty() != null) {
      field = field.isEmpty() ? message.getProperty() : field + "." + message.getProperty();
      return new Violation(field, field + " is required");
    }
    String text = message.getMessage();
    // "$.hyperparameters.epochs: string found, integer expected" -> the path once, without "$."
    int colon = text.indexOf(": ");
    String detail = colon >= 0 && text.startsWith("$") ? text.substring(colon + 2) : text;
    return new Violation(field, (field.isEmpty() ? "the body" : field) + ": " + detail);
  }

  private static synchronized JsonSchema validator(EventType type) {
    return VALIDATORS.computeIfAbsent(
        type,
        t -> JsonSchemaFactory.getInstance(VersionFlag.V7).getSchema(SCHEMAS.get(t).deepCopy()));
  }

  private static Map<EventType, JsonNode> load() {
    try (InputStream in = PayloadValidator.class.getResourceAsStream(DOCUMENT)) {
      if (in == null) {
        throw new IllegalStateException(DOCUMENT + " is missing from the contracts library");
      }
      JsonNode schemas = new ObjectMapper(new YAMLFactory()).readTree(in).at("/components/schemas");
      Map<EventType, JsonNode> byType = new EnumMap<>(EventType.class);
      for (EventType type : EventType.values()) {
        JsonNode schema = schemas.get(type.recordClass().getSimpleName());
        if (schema == null) {
          throw new IllegalStateException(
              DOCUMENT + " has no schema " + type.recordClass().getSimpleName());
        }
        byType.put(type, schema);
      }
      return byType;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + DOCUMENT, e);
    }
  }
}
