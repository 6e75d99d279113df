package dev.stride.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.stride.contracts.events.EventType;
import dev.stride.contracts.events.InvalidEventException;
import dev.stride.contracts.events.SampleEvents;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The CloudEvents headers docs/asyncapi.yaml describes against the ones CloudEventsKafka writes and
 * requires (the rest of the document is checked against the records in libs/contracts'
 * AsyncApiTest).
 */
class AsyncApiHeadersTest {

  private static final Path DOCUMENT =
      Path.of(System.getProperty("basedir", "."), "../../docs/asyncapi.yaml").normalize();

  private static JsonNode document;

  @BeforeAll
  static void readDocument() throws IOException {
    document = new YAMLMapper().readTree(DOCUMENT.toFile());
  }

  @Test
  void cloudEventHeadersAreTheOnesCloudEventsKafkaWrites() {
    ProducerRecord<String, byte[]> record = sampleRecord();
    List<String> written =
        Arrays.stream(record.headers().toArray()).map(Header::key).collect(Collectors.toList());

    List<String> documented = new ArrayList<>();
    document
        .at("/components/schemas/CloudEventHeaders/properties")
        .fieldNames()
        .forEachRemaining(documented::add);

    assertThat(documented).containsExactlyInAnyOrderElementsOf(written);
  }

  @Test
  void aCloudEventHeaderIsRequiredExactlyWhenARecordWithoutItIsRefused() {
    Set<String> required = new HashSet<>();
    document
        .at("/components/schemas/CloudEventHeaders/required")
        .elements()
        .forEachRemaining(name -> required.add(name.asText()));
    for (Header header : sampleRecord().headers()) {
      ProducerRecord<String, byte[]> record = sampleRecord();
      RecordHeaders without = new RecordHeaders(record.headers().toArray());
      without.remove(header.key());
      boolean refused;
      try {
        CloudEventsKafka.decode(without, record.key(), record.value());
        refused = false;
      } catch (InvalidEventException e) {
        refused = true;
      }
      assertThat(required.contains(header.key()))
          .as("%s is required in the document", header.key())
          .isEqualTo(refused);
    }
  }

  private static ProducerRecord<String, byte[]> sampleRecord() {
    return CloudEventsKafka.toRecord(SampleEvents.ALL.get(EventType.RUN_FAILED), "/stride/test");
  }
}
