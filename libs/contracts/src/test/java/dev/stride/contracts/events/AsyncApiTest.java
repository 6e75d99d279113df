package dev.stride.contracts.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion.VersionFlag;
import com.networknt.schema.ValidationMessage;
import dev.stride.contracts.Json;
import dev.stride.contracts.Topics;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * docs/asyncapi.yaml against the code. After a deliberate change to an event record, run with
 * {@code -Dasyncapi.write=true} (see REGENERATE) to rewrite the generated payload schemas, the part
 * of the document below its MARKER line, then review the diff.
 */
class AsyncApiTest {

  private static final Path DOCUMENT =
      Path.of(System.getProperty("basedir", "."), "../../docs/asyncapi.yaml").normalize();
  private static final String MARKER =
      "    # ---- Payload schemas, generated from the event records by AsyncApiTest:"
          + " do not edit below. ----\n";
  private static final String REGENERATE =
      "mvn -o test -pl libs/contracts -Dtest=AsyncApiTest -Dasyncapi.write=true";

  private static final YAMLMapper YAML =
      YAMLMapper.builder()
          .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
          .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
          .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
          .build();
  private static final ObjectMapper PLAIN = new ObjectMapper();
  private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(VersionFlag.V7);

  private static JsonNode document;

  @BeforeAll
  static void readDocument() throws IOException {
    if (Boolean.getBoolean("asyncapi.write")) {
      writeGeneratedSchemas();
    }
    document = YAML.readTree(DOCUMENT.toFile());
  }

  @ParameterizedTest
  @EnumSource(EventType.class)
  void payloadSchemaIsTheOneGeneratedFromTheRecord(EventType type) {
    assertThat(document.at("/components/schemas/" + name(type)))
        .as(
            "components.schemas.%s in %s is not the schema of the record; regenerate it with: %s",
            name(type), DOCUMENT, REGENERATE)
        .isEqualTo(PayloadSchemas.of(type));
  }

  @ParameterizedTest
  @EnumSource(EventType.class)
  void everyEventTypeIsAMessageOnItsTopicWithItsTypeAndKey(EventType type) {
    JsonNode reference = channel(type.topic()).at("/messages/" + name(type) + "/$ref");
    assertThat(reference.asText())
        .as("message %s on the channel of %s", name(type), type.topic())
        .isEqualTo("#/components/messages/" + name(type));

    JsonNode message = document.at("/components/messages/" + name(type));
    assertThat(message.at("/headers/allOf/1/properties/ce_type/const").asText())
        .isEqualTo(type.type());
    assertThat(message.at("/headers/allOf/2/$ref").asText())
        .isEqualTo("#/components/schemas/TraceContextHeaders");
    assertThat(message.at("/payload/$ref").asText())
        .isEqualTo("#/components/schemas/" + name(type));
    assertThat(message.at("/bindings/kafka/key/$ref").asText())
        .isEqualTo("#/components/schemas/" + keySchema(type));
  }

  @Test
  void everyTopicIsAChannelWithExactlyItsEventTypes() {
    for (String topic : Topics.ALL) {
      Set<String> types =
          Arrays.stream(EventType.values())
              .filter(type -> type.topic().equals(topic))
              .map(AsyncApiTest::name)
              .collect(Collectors.toSet());
      assertThat(names(channel(topic).get("messages"))).as("messages on " + topic).isEqualTo(types);
    }
  }

  @Test
  void everyTopicHasADeadLetterChannelAndThereAreNoOthers() {
    List<String> topics = new ArrayList<>(Topics.ALL);
    Topics.ALL.forEach(topic -> topics.add(Topics.deadLetter(topic)));

    assertThat(stream(document.get("channels")).map(channel -> channel.get("address").asText()))
        .containsExactlyInAnyOrderElementsOf(topics);
    for (String topic : Topics.ALL) {
      assertThat(names(channel(Topics.deadLetter(topic)).get("messages")))
          .containsExactly("DeadLetter");
    }
  }

  @Test
  void everyReferenceResolves() {
    assertThat(resolved(document).toString()).doesNotContain("\"$ref\"");
  }

  @ParameterizedTest
  @EnumSource(EventType.class)
  void goldenEventIsValidAgainstItsMessage(EventType type) throws IOException {
    JsonNode golden = golden(type);
    JsonNode message = resolved(document.at("/components/messages/" + name(type)));

    assertThat(errors(message.get("payload"), golden.get("value"))).as("value").isEmpty();
    assertThat(errors(message.get("headers"), golden.get("headers"))).as("headers").isEmpty();
    assertThat(errors(message.at("/bindings/kafka/key"), golden.get("key"))).as("key").isEmpty();
  }

  /**
   * The schemas accept what Json reads and refuse what it refuses, as far as presence, null and
   * unknown fields go (value rules such as a positive batch size are the records' alone).
   */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          RUN_CANCELLED            | {"runId":"run-7","epoch":4,"addedLater":true}                   | true
          RUN_CANCELLED            | {"runId":"run-7","epoch":4,"reason":null}                       | true
          RUN_CANCELLED            | {"runId":"run-7","epoch":null}                                  | false
          RUN_CANCELLED            | {"runId":"run-7"}                                               | false
          RUN_CANCELLED            | {"epoch":4}                                                     | false
          RUN_REQUESTED            | {"runId":"run-7","datasetId":"cifar10"}                         | true
          RUN_REQUESTED            | {"runId":"run-7","datasetId":"cifar10","hyperparameters":null}  | true
          RUN_REQUESTED            | {"runId":"run-7","datasetId":"cifar10","architectureSpec":[]}   | false
          RUN_REQUESTED            | {"runId":"run-7"}                                               | false
          DATASET_INGEST_REQUESTED | {"datasetId":"d1","source":{"synthetic":{"train":100}}}         | true
          DATASET_INGESTED         | {"datasetId":"d1","manifestKey":"m","train":1,"validation":1,"test":1,"classNames":["a"]} | true
          DATASET_INGESTED         | {"datasetId":"d1","manifestKey":"m","train":1,"validation":1,"test":1} | false
          """)
  void schemaAcceptsWhatJsonReads(EventType type, String body, boolean readable)
      throws IOException {
    boolean read;
    try {
      Json.fromBytes(body.getBytes(StandardCharsets.UTF_8), type.recordClass());
      read = true;
    } catch (IOException e) {
      read = false;
    }
    JsonNode payload = resolved(document.at("/components/messages/" + name(type) + "/payload"));

    assertThat(read).as("Json reads " + body).isEqualTo(readable);
    assertThat(errors(payload, PLAIN.readTree(body)))
        .as("schema errors for " + body)
        .matches(errors -> errors.isEmpty() == readable);
  }

  /** Replaces everything below MARKER with the schemas generated from the records. */
  private static void writeGeneratedSchemas() throws IOException {
    String text = Files.readString(DOCUMENT);
    int marker = text.indexOf(MARKER);
    assertThat(marker).as("the marker line in " + DOCUMENT).isNotNegative();
    ObjectNode schemas = PLAIN.createObjectNode();
    for (EventType type : EventType.values()) {
      schemas.set(name(type), PayloadSchemas.of(type));
    }
    String generated = YAML.writeValueAsString(schemas).indent(4);
    Files.writeString(DOCUMENT, text.substring(0, marker) + MARKER + generated);
  }

  private static String name(EventType type) {
    return type.recordClass().getSimpleName();
  }

  /** RunId or DatasetId: the record component the event's key is taken from. */
  private static String keySchema(EventType type) {
    Event sample = SampleEvents.ALL.get(type);
    for (RecordComponent component : type.recordClass().getRecordComponents()) {
      try {
        if (sample.key().equals(component.getAccessor().invoke(sample))) {
          String name = component.getName();
          return Character.toUpperCase(name.charAt(0)) + name.substring(1);
        }
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }
    throw new AssertionError("no component of " + name(type) + " holds its key");
  }

  private static JsonNode channel(String address) {
    List<JsonNode> channels =
        stream(document.get("channels"))
            .filter(channel -> channel.get("address").asText().equals(address))
            .toList();
    assertThat(channels).as("channels with address " + address).hasSize(1);
    return channels.get(0);
  }

  /** {@code node} with every {@code $ref} replaced by what it points at in the document. */
  private static JsonNode resolved(JsonNode node) {
    if (node.has("$ref")) {
      String reference = node.get("$ref").asText();
      JsonNode target = document.at(reference.substring(1));
      assertThat(target.isMissingNode()).as(reference + " resolves").isFalse();
      return resolved(target);
    }
    JsonNode copy = node.deepCopy();
    if (copy instanceof ObjectNode object) {
      names(object).forEach(name -> object.set(name, resolved(object.get(name))));
    } else if (copy.isArray()) {
      for (int i = 0; i < copy.size(); i++) {
        ((ArrayNode) copy).set(i, resolved(copy.get(i)));
      }
    }
    return copy;
  }

  private static List<String> errors(JsonNode schema, JsonNode instance) {
    return SCHEMAS.getSchema(schema).validate(instance).stream()
        .map(ValidationMessage::getMessage)
        .toList();
  }

  private static Set<String> names(JsonNode object) {
    Set<String> names = new LinkedHashSet<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static Stream<JsonNode> stream(JsonNode container) {
    List<JsonNode> children = new ArrayList<>();
    container.elements().forEachRemaining(children::add);
    return children.stream();
  }

  private static JsonNode golden(EventType type) throws IOException {
    String name = "/golden/" + type.type() + ".json";
    try (InputStream in = AsyncApiTest.class.getResourceAsStream(name)) {
      assertThat(in).as("golden file " + name).isNotNull();
      return PLAIN.readTree(in);
    }
  }
}
