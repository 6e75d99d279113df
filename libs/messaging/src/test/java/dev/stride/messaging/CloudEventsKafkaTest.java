package dev.stride.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stride.contracts.events.Envelope;
import dev.stride.contracts.events.EpochCompleted;
import dev.stride.contracts.events.EvaluationCompleted;
import dev.stride.contracts.events.Event;
import dev.stride.contracts.events.EventType;
import dev.stride.contracts.events.Hyperparameters;
import dev.stride.contracts.events.InvalidEventException;
import dev.stride.contracts.events.RunCancelled;
import dev.stride.contracts.events.RunFailed;
import dev.stride.contracts.events.RunRequested;
import dev.stride.contracts.events.SampleEvents;
import dev.stride.contracts.events.UnknownEventTypeException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every event type against its golden file (libs/contracts' {@code src/test/resources/golden}, the
 * contract's examples): the record it encodes to, byte for byte, and the event it decodes back to.
 * Run with {@code -Dgolden.write=true} to (re)write the files after a deliberate contract change,
 * then review the diff.
 */
class CloudEventsKafkaTest {

  private static final ObjectMapper PLAIN = new ObjectMapper();
  private static final OffsetDateTime TIME = OffsetDateTime.parse("2026-11-28T10:15:30.123Z");
  private static final String SOURCE = "/stride/test";
  private static final Path GOLDEN =
      Path.of(System.getProperty("basedir", "."), "../contracts/src/test/resources/golden")
          .normalize();

  @ParameterizedTest
  @EnumSource(EventType.class)
  void encodesToItsGoldenFile(EventType type) throws IOException {
    Event event = sample(type);
    ObjectNode encoded = asJson(CloudEventsKafka.toRecord(event, SOURCE, "id-" + type, TIME));

    if (Boolean.getBoolean("golden.write")) {
      Path file = GOLDEN.resolve(type.type() + ".json");
      Files.writeString(
          file, PLAIN.writerWithDefaultPrettyPrinter().writeValueAsString(encoded) + "\n");
    }
    assertThat(encoded).isEqualTo(golden(type));
  }

  @ParameterizedTest
  @EnumSource(EventType.class)
  void decodesItsGoldenFileToTheSameEvent(EventType type) throws IOException {
    JsonNode golden = golden(type);
    RecordHeaders headers = new RecordHeaders();
    golden
        .get("headers")
        .fields()
        .forEachRemaining(
            h -> headers.add(h.getKey(), h.getValue().asText().getBytes(StandardCharsets.UTF_8)));
    byte[] body = PLAIN.writeValueAsBytes(golden.get("value"));

    Envelope envelope = CloudEventsKafka.decode(headers, golden.get("key").asText(), body);

    assertThat(envelope.data()).isEqualTo(sample(type));
    assertThat(envelope.type()).isEqualTo(type.type());
    assertThat(envelope.id()).isEqualTo("id-" + type);
    assertThat(envelope.source()).isEqualTo(SOURCE);
    assertThat(envelope.time()).isEqualTo(TIME);
    assertThat(golden.get("topic").asText()).isEqualTo(type.topic());
  }

  @Test
  void aTimeOnAWholeMinuteIsWrittenWithItsSeconds() {
    OffsetDateTime minute = OffsetDateTime.parse("2026-11-28T09:00Z");
    var record =
        CloudEventsKafka.toRecord(new RunFailed("run-1", "boom", null), "/test", "id-1", minute);

    assertThat(new String(record.headers().lastHeader("ce_time").value()))
        .isEqualTo("2026-11-28T09:00:00Z");
    assertThat(CloudEventsKafka.rfc3339(OffsetDateTime.parse("2026-11-28T10:15:30.123+01:00")))
        .isEqualTo("2026-11-28T10:15:30.123+01:00");
  }

  @Test
  void refusesARecordWithoutCloudEventsHeaders() {
    assertThatThrownBy(() -> CloudEventsKafka.decode(new RecordHeaders(), "run-1", "{}".getBytes()))
        .isInstanceOf(InvalidEventException.class)
        .hasMessage("not a CloudEvents 1.0 message: header ce_specversion is absent");
  }

  @Test
  void refusesABodyThatIsNotJson() {
    ProducerRecord<String, byte[]> record = record(sample(EventType.RUN_FAILED));

    assertThatThrownBy(
            () -> CloudEventsKafka.decode(record.headers(), record.key(), "not json".getBytes()))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageStartingWith("dev.stride.training.run-failed.v1: body is not JSON: ");
  }

  @Test
  void namesTheFieldARecordRefuses() {
    ProducerRecord<String, byte[]> record =
        record(new RunRequested("run-1", "cifar10", null, null, null));
    byte[] negativeBatch =
        "{\"runId\":\"run-1\",\"datasetId\":\"cifar10\",\"hyperparameters\":{\"batchSize\":-5}}"
            .getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> CloudEventsKafka.decode(record.headers(), "run-1", negativeBatch))
        .isInstanceOf(InvalidEventException.class)
        .hasMessage(
            "dev.stride.training.run-requested.v1: hyperparameters.batchSize must be positive, was -5")
        .extracting(e -> ((InvalidEventException) e).field())
        .isEqualTo("hyperparameters.batchSize");
  }

  @Test
  void skipsUnknownTypesWithTheirOwnException() {
    ProducerRecord<String, byte[]> record = record(sample(EventType.RUN_FAILED));
    record.headers().remove(CloudEventsKafka.HEADER_TYPE);
    record
        .headers()
        .add(CloudEventsKafka.HEADER_TYPE, "dev.stride.training.run-failed.v2".getBytes());

    assertThatThrownBy(
            () -> CloudEventsKafka.decode(record.headers(), record.key(), record.value()))
        .isInstanceOf(UnknownEventTypeException.class)
        .hasMessage(
            "event type 'dev.stride.training.run-failed.v2' is not one this version reads"
                + " (another producer's, or a newer major version)");
  }

  @Test
  void namesTheFieldWhoseValueDoesNotMatchItsSchema() {
    byte[] textBatch =
        "{\"runId\":\"run-1\",\"datasetId\":\"cifar10\",\"hyperparameters\":{\"batchSize\":\"big\"}}"
            .getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> decodeAs(EventType.RUN_REQUESTED, "run-1", textBatch))
        .isInstanceOf(InvalidEventException.class)
        .hasMessage(
            "dev.stride.training.run-requested.v1 does not match its schema:"
                + " hyperparameters.batchSize: string found, [integer, null] expected")
        .extracting(e -> ((InvalidEventException) e).field())
        .isEqualTo("hyperparameters.batchSize");
  }

  @Test
  void namesARequiredFieldThatIsMissing() {
    byte[] noReason = "{\"runId\":\"run-1\"}".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> decodeAs(EventType.RUN_FAILED, "run-1", noReason))
        .isInstanceOf(InvalidEventException.class)
        .hasMessage(
            "dev.stride.training.run-failed.v1 does not match its schema: reason is required")
        .extracting(e -> ((InvalidEventException) e).field())
        .isEqualTo("reason");
  }

  @Test
  void readsPastFieldsOfANewerMinorVersionAndNamesThem() throws IOException {
    byte[] newer =
        ("{\"runId\":\"run-1\",\"datasetId\":\"cifar10\",\"priority\":\"high\","
                + "\"hyperparameters\":{\"epochs\":2,\"warmupEpochs\":1}}")
            .getBytes(StandardCharsets.UTF_8);

    Envelope envelope = decodeAs(EventType.RUN_REQUESTED, "run-1", newer);

    assertThat(((RunRequested) envelope.data()).hyperparameters().epochs()).isEqualTo(2);
    assertThat(PayloadValidator.unknownFields(EventType.RUN_REQUESTED, PLAIN.readTree(newer)))
        .containsExactly("priority", "hyperparameters.warmupEpochs");
  }

  @Test
  void aDivergedLossWrittenAsNaNIsReadBack() {
    EpochCompleted diverged = (EpochCompleted) sample(EventType.EPOCH_COMPLETED);
    EpochCompleted nan =
        new EpochCompleted(
            diverged.runId(),
            diverged.epoch(),
            diverged.epochs(),
            Double.NaN,
            diverged.accuracy(),
            Double.POSITIVE_INFINITY,
            diverged.valAccuracy(),
            diverged.seconds(),
            diverged.imagesPerSecond());
    ProducerRecord<String, byte[]> record = record(nan);

    Envelope envelope = CloudEventsKafka.decode(record.headers(), record.key(), record.value());

    assertThat(((EpochCompleted) envelope.data()).loss()).isNaN();
    assertThat(((EpochCompleted) envelope.data()).valLoss()).isEqualTo(Double.POSITIVE_INFINITY);
  }

  /** {@code body} decoded under the headers a valid event of {@code type} carries. */
  private static Envelope decodeAs(EventType type, String key, byte[] body) {
    ProducerRecord<String, byte[]> record = record(sample(type));
    return CloudEventsKafka.decode(record.headers(), key, body);
  }

  @Test
  void refusesAKeyThatDiffersFromTheEventId() {
    ProducerRecord<String, byte[]> record = record(sample(EventType.RUN_FAILED));

    assertThatThrownBy(() -> CloudEventsKafka.decode(record.headers(), "run-8", record.value()))
        .isInstanceOf(InvalidEventException.class)
        .hasMessage("Kafka key 'run-8' differs from the event's id 'run-7'");
  }

  @Test
  void readsBodiesWithFieldsAddedByANewerMinorVersion() {
    ProducerRecord<String, byte[]> record = record(sample(EventType.RUN_CANCELLED));
    byte[] withExtra =
        "{\"runId\":\"run-7\",\"epoch\":4,\"reason\":\"r\",\"addedLater\":true}"
            .getBytes(StandardCharsets.UTF_8);

    Envelope envelope = CloudEventsKafka.decode(record.headers(), "run-7", withExtra);

    assertThat(envelope.data()).isEqualTo(new RunCancelled("run-7", 4, "r"));
  }

  @Test
  void anEvaluationAnnouncedBeforeEvaluatorsReportedTheirDeviceHasNone() throws IOException {
    ObjectNode older = (ObjectNode) golden(EventType.EVALUATION_COMPLETED).get("value").deepCopy();
    older.remove("device");

    Envelope envelope =
        decodeAs(EventType.EVALUATION_COMPLETED, "run-7", PLAIN.writeValueAsBytes(older));

    EvaluationCompleted evaluated = (EvaluationCompleted) envelope.data();
    assertThat(evaluated.device()).isNull();
    assertThat(evaluated.testAccuracy()).isEqualTo(0.6712);
  }

  @Test
  void appliesTheNotebookDefaultsToAMinimalRunRequest() {
    ProducerRecord<String, byte[]> record =
        record(new RunRequested("run-1", "cifar10", null, null, null));
    byte[] minimal = "{\"runId\":\"run-1\",\"datasetId\":\"cifar10\"}".getBytes();

    RunRequested request =
        (RunRequested) CloudEventsKafka.decode(record.headers(), "run-1", minimal).data();

    assertThat(request.architecture()).isEqualTo("alexnet-mini");
    assertThat(request.modelName()).isEqualTo("cifar10");
    assertThat(request.hyperparameters()).isEqualTo(new Hyperparameters(10, 128, 0.001, 42L, null));
  }

  private static ProducerRecord<String, byte[]> record(Event event) {
    return CloudEventsKafka.toRecord(event, SOURCE, "id", TIME);
  }

  private static Event sample(EventType type) {
    Event event = SampleEvents.ALL.get(type);
    assertThat(event).as("a sample of " + type + " in SampleEvents").isNotNull();
    return event;
  }

  private static ObjectNode asJson(ProducerRecord<String, byte[]> record) throws IOException {
    ObjectNode json = PLAIN.createObjectNode();
    json.put("topic", record.topic());
    json.put("key", record.key());
    ObjectNode headers = json.putObject("headers");
    for (Header header : record.headers()) {
      headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
    }
    json.set("value", PLAIN.readTree(record.value()));
    return json;
  }

  private static JsonNode golden(EventType type) throws IOException {
    String name = "/golden/" + type.type() + ".json";
    try (InputStream in = CloudEventsKafkaTest.class.getResourceAsStream(name)) {
      assertThat(in).as("golden file " + name).isNotNull();
      return PLAIN.readTree(in);
    }
  }
}
