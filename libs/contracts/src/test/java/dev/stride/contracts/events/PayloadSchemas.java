package dev.stride.contracts.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.victools.jsonschema.generator.CustomDefinition;
import com.github.victools.jsonschema.generator.FieldScope;
import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;
import com.github.victools.jsonschema.module.jackson.JacksonModule;
import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The JSON Schema of each event's body, generated from its record: what docs/asyncapi.yaml holds
 * under {@code components.schemas}. Draft 7 keywords only (the AsyncAPI schema format), nested
 * records inlined so that each schema stands alone.
 *
 * <p>A property is required when a body without it is refused: a primitive (Json fails on a missing
 * or null primitive) or a component the record's constructor rejects as null. Any other property
 * may be absent or null. Unknown properties are allowed, as Json ignores them.
 */
final class PayloadSchemas {

  private static final Map<Class<?>, Record> SAMPLES = samples();
  private static final SchemaGenerator GENERATOR = generator();

  private PayloadSchemas() {}

  static ObjectNode of(EventType type) {
    return GENERATOR.generateSchema(type.recordClass());
  }

  private static SchemaGenerator generator() {
    SchemaGeneratorConfigBuilder config =
        new SchemaGeneratorConfigBuilder(SchemaVersion.DRAFT_7, OptionPreset.PLAIN_JSON)
            // Jackson annotations added to a record later (renames, ignores) show here too
            .with(new JacksonModule())
            .with(Option.INLINE_ALL_SCHEMAS, Option.MAP_VALUES_AS_ADDITIONAL_PROPERTIES)
            // embedded in the AsyncAPI document, whose default schema format is draft 7
            .without(Option.SCHEMA_VERSION_INDICATOR);
    config
        .forTypesInGeneral()
        // record component order, not alphabetical
        .withPropertySorter((a, b) -> 0)
        // RunRequested.architectureSpec: any JSON object (a layer spec)
        .withCustomDefinitionProvider(
            (type, context) ->
                type.isInstanceOf(JsonNode.class)
                    ? new CustomDefinition(
                        context.getGeneratorConfig().createObjectNode().put("type", "object"))
                    : null)
        // Json does not fail on unknown properties: a newer minor version may add some
        .withTypeAttributeOverride(
            (schema, scope, context) -> {
              if (scope.getType().isInstanceOf(Record.class)) {
                schema.put("additionalProperties", true);
              }
            });
    config
        .forFields()
        .withRequiredCheck(PayloadSchemas::required)
        // Json reads an explicit null as absent, except for primitives
        .withNullableCheck(field -> !required(field));
    return new SchemaGenerator(config.build());
  }

  private static boolean required(FieldScope field) {
    return field.getType().isPrimitive()
        || refusesNull(field.getDeclaringType().getErasedType(), field.getName());
  }

  /**
   * Whether {@code type}'s constructor, given a valid sample with {@code component} null, refuses
   * it naming that very field (a {@link DatasetSource} without its url names "source": another
   * source may stand in for it).
   */
  private static boolean refusesNull(Class<?> type, String component) {
    Record sample = sample(type);
    RecordComponent[] components = type.getRecordComponents();
    Object[] values = new Object[components.length];
    try {
      for (int i = 0; i < components.length; i++) {
        boolean nulled = components[i].getName().equals(component);
        values[i] = nulled ? null : components[i].getAccessor().invoke(sample);
      }
      type.getDeclaredConstructor(types(components)).newInstance(values);
      return false;
    } catch (InvocationTargetException e) {
      return e.getCause() instanceof InvalidFieldException refused
          && (refused.field().equals(component) || refused.field().endsWith("." + component));
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot construct " + type.getSimpleName(), e);
    }
  }

  /** A valid instance of {@code type}: from SampleEvents, else one of all defaults. */
  private static Record sample(Class<?> type) {
    Record sample = SAMPLES.get(type);
    if (sample != null) {
      return sample;
    }
    RecordComponent[] components = type.getRecordComponents();
    // null for every object, 0 or false for every primitive
    Object[] defaults =
        Arrays.stream(components)
            .map(
                c ->
                    c.getType().isPrimitive()
                        ? Array.get(Array.newInstance(c.getType(), 1), 0)
                        : null)
            .toArray();
    try {
      return (Record) type.getDeclaredConstructor(types(components)).newInstance(defaults);
    } catch (ReflectiveOperationException | IllegalArgumentException e) {
      throw new IllegalStateException(
          "no valid " + type.getSimpleName() + " to probe: add one to SampleEvents", e);
    }
  }

  private static Class<?>[] types(RecordComponent[] components) {
    return Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
  }

  /** Every record instance in SampleEvents, nested ones included, by class. */
  private static Map<Class<?>, Record> samples() {
    Map<Class<?>, Record> samples = new HashMap<>();
    SampleEvents.ALL.values().forEach(event -> collect((Record) event, samples));
    return samples;
  }

  private static void collect(Record record, Map<Class<?>, Record> samples) {
    samples.putIfAbsent(record.getClass(), record);
    for (RecordComponent component : record.getClass().getRecordComponents()) {
      try {
        if (component.getAccessor().invoke(record) instanceof Record nested) {
          collect(nested, samples);
        }
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
