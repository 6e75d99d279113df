package dev.stride.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion.VersionFlag;
import com.networknt.schema.ValidationMessage;
import java.util.List;

/** A compiled JSON schema (networknt's validator) that reports errors as readable lines. */
final class JsonSchemas {

  private final JsonSchema schema;

  private JsonSchemas(JsonSchema schema) {
    this.schema = schema;
  }

  /**
   * Compiles {@code schema} for {@code dialect}. Its own {@code $schema} and {@code $id} are set
   * aside: the dialect is chosen here, and every {@code $ref} is local to the document.
   */
  static JsonSchemas compile(JsonNode schema, VersionFlag dialect) {
    ObjectNode copy = schema.deepCopy();
    copy.remove("$schema");
    copy.remove("$id");
    // formats (int32, date-time) annotate here, as they do for the Kubernetes API server
    SchemaValidatorsConfig config =
        SchemaValidatorsConfig.builder().formatAssertionsEnabled(false).build();
    return new JsonSchemas(factory(dialect).getSchema(copy, config));
  }

  /** The dialect, plus the annotations CRDs and compose-spec use that it does not define. */
  private static JsonSchemaFactory factory(VersionFlag dialect) {
    JsonMetaSchema base =
        dialect == VersionFlag.V7 ? JsonMetaSchema.getV7() : JsonMetaSchema.getV202012();
    JsonMetaSchema meta =
        JsonMetaSchema.builder(base)
            .keyword(new NonValidationKeyword("example"))
            .keyword(new NonValidationKeyword("deprecated"))
            .build();
    return JsonSchemaFactory.getInstance(
        dialect, builder -> builder.metaSchema(meta).defaultMetaSchemaIri(meta.getIri()));
  }

  /** One line per error, such as {@code $.spec.replicas: string found, integer expected}. */
  List<String> validate(JsonNode instance) {
    return schema.validate(instance).stream().map(ValidationMessage::getMessage).sorted().toList();
  }
}
