package dev.stride.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.stride.contracts.events.InvalidEventException;
import dev.stride.contracts.events.SampleEvents;
import dev.stride.contracts.events.UnknownEventTypeException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Coverage-guided fuzzing of {@link CloudEventsKafka#decode}, what every consumer does to a record
 * it receives: whatever its key, headers and body, the event comes out or {@link
 * InvalidEventException} (or its {@link UnknownEventTypeException}) refuses it (the consumer
 * dead-letters or skips the record). Anything else escaping fails the test with the input that
 * caused it.
 *
 * <p>An input is a record written as text: the key on the first line (an empty line for none), then
 * one {@code name=value} header a line, an empty line, and the body. The seeds are the records of
 * every sample event, as the golden files hold them.
 */
class CloudEventsKafkaFuzzTest {

  @MethodSource("records")
  @FuzzTest(maxExecutions = 20_000)
  void decodesOrRefusesAsBadEvent(byte[] input) {
    int keyEnd = indexOf(input, 0);
    String key = keyEnd == 0 ? null : text(input, 0, keyEnd);
    RecordHeaders headers = new RecordHeaders();
    int at = keyEnd + 1;
    while (at < input.length && input[at] != '\n') {
      int end = indexOf(input, at);
      int eq = at;
      while (eq < end && input[eq] != '=') {
        eq++;
      }
      headers.add(text(input, at, eq), Arrays.copyOfRange(input, Math.min(eq + 1, end), end));
      at = end + 1;
    }
    byte[] body = Arrays.copyOfRange(input, Math.min(at + 1, input.length), input.length);
    try {
      CloudEventsKafka.decode(headers, key, body);
    } catch (InvalidEventException refused) {
      // UnknownEventTypeException among them: a valid CloudEvent of a type Stride does not know
      assertThat(refused.getMessage()).isNotBlank();
    }
  }

  static Stream<Arguments> records() {
    OffsetDateTime time = OffsetDateTime.parse("2026-11-28T10:15:30.123Z");
    return SampleEvents.ALL.values().stream()
        .map(event -> CloudEventsKafka.toRecord(event, "/stride/test", "id-1", time))
        .map(record -> Arguments.of((Object) frame(record)));
  }

  private static byte[] frame(ProducerRecord<String, byte[]> record) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes((record.key() + "\n").getBytes(StandardCharsets.UTF_8));
    for (Header header : record.headers()) {
      out.writeBytes((header.key() + "=").getBytes(StandardCharsets.UTF_8));
      out.writeBytes(header.value());
      out.write('\n');
    }
    out.write('\n');
    out.writeBytes(record.value());
    return out.toByteArray();
  }

  /** The index of the next newline from {@code from}, or the input's length. */
  private static int indexOf(byte[] input, int from) {
    int i = from;
    while (i < input.length && input[i] != '\n') {
      i++;
    }
    return i;
  }

  private static String text(byte[] input, int from, int to) {
    return new String(input, from, to - from, StandardCharsets.UTF_8);
  }
}
