package dev.stride.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.stride.contracts.Json;
import dev.stride.contracts.events.Envelope;
import dev.stride.contracts.events.Event;
import dev.stride.contracts.events.EventType;
import dev.stride.contracts.events.InvalidEventException;
import dev.stride.contracts.events.UnknownEventTypeException;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * CloudEvents 1.0 in Kafka binary mode: context attributes in {@code ce_*} headers, the event
 * record as the JSON body, the entity id as the Kafka key.
 */
public final class CloudEventsKafka {

  private static final Logger LOG = System.getLogger(CloudEventsKafka.class.getName());

  public static final String SPEC_VERSION = "1.0";
  public static final String CONTENT_TYPE = "application/json";

  public static final String HEADER_SPEC_VERSION = "ce_specversion";
  public static final String HEADER_ID = "ce_id";
  public static final String HEADER_SOURCE = "ce_source";
  public static final String HEADER_TYPE = "ce_type";
  public static final String HEADER_TIME = "ce_time";
  public static final String HEADER_SUBJECT = "ce_subject";
  public static final String HEADER_CONTENT_TYPE = "content-type";

  private CloudEventsKafka() {}

  /**
   * The Kafka record for {@code event}, sent by {@code source} (a URI reference such as {@code
   * /stride/trainer}).
   */
  public static ProducerRecord<String, byte[]> toRecord(Event event, String source) {
    return toRecord(event, source, UUID.randomUUID().toString(), now());
  }

  /** As {@link #toRecord(Event, String)} with a given id and time (for reproducible tests). */
  public static ProducerRecord<String, byte[]> toRecord(
      Event event, String source, String id, OffsetDateTime time) {
    EventType type = EventType.of(event);
    Headers headers = new RecordHeaders();
    header(headers, HEADER_SPEC_VERSION, SPEC_VERSION);
    header(headers, HEADER_ID, id);
    header(headers, HEADER_SOURCE, source);
    header(headers, HEADER_TYPE, type.type());
    header(headers, HEADER_TIME, rfc3339(time));
    header(headers, HEADER_SUBJECT, event.key());
    header(headers, HEADER_CONTENT_TYPE, CONTENT_TYPE);
    return new ProducerRecord<>(type.topic(), null, event.key(), Json.toBytes(event), headers);
  }

  /**
   * Reads a received record.
   *
   * @throws UnknownEventTypeException for a valid CloudEvent of a type Stride does not know
   * @throws InvalidEventException for anything else that is not a valid Stride event
   */
  public static Envelope fromRecord(ConsumerRecord<String, byte[]> record) {
    return decode(record.headers(), record.key(), record.value());
  }

  /**
   * Reads a received record, or nothing if it is a valid CloudEvent of a type this version does not
   * know (another producer's event, a newer major version): consumers skip those.
   *
   * @throws InvalidEventException for anything that is not a valid event
   */
  public static Optional<Envelope> fromRecordIfKnown(ConsumerRecord<String, byte[]> record) {
    try {
      return Optional.of(fromRecord(record));
    } catch (UnknownEventTypeException e) {
      LOG.log(
          Level.INFO,
          "skipping {0}-{1}@{2}: {3}",
          record.topic(),
          record.partition(),
          record.offset(),
          e.getMessage());
      return Optional.empty();
    }
  }

  /** Reads an event from its headers, key and body, wherever they came from. */
  public static Envelope decode(Headers headers, String key, byte[] body) {
    String specVersion = header(headers, HEADER_SPEC_VERSION);
    String type = header(headers, HEADER_TYPE);
    if (!SPEC_VERSION.equals(specVersion)) {
      throw new InvalidEventException(
          type,
          "not a CloudEvents 1.0 message: header ce_specversion is " + quote(specVersion),
          null);
    }
    String id = required(headers, HEADER_ID, type);
    String source = required(headers, HEADER_SOURCE, type);
    required(headers, HEADER_TYPE, type);
    EventType eventType =
        EventType.ofType(type).orElseThrow(() -> new UnknownEventTypeException(type));
    String contentType = header(headers, HEADER_CONTENT_TYPE);
    if (contentType != null && !contentType.startsWith(CONTENT_TYPE)) {
      throw new InvalidEventException(
          type, "content-type must be application/json, was " + contentType, null);
    }
    OffsetDateTime time = parseTime(header(headers, HEADER_TIME), type);
    if (body == null || body.length == 0) {
      throw new InvalidEventException(type, type + " has an empty body", null);
    }
    JsonNode tree;
    try {
      tree = Json.tree(body);
    } catch (IOException e) {
      throw new InvalidEventException(type, type + ": body is not JSON: " + e.getMessage(), e);
    }
    Optional<PayloadValidator.Violation> violation = PayloadValidator.check(eventType, tree);
    if (violation.isPresent()) {
      throw new InvalidEventException(
          type,
          type + " does not match its schema: " + violation.get().message(),
          null,
          violation.get().field().isEmpty() ? null : violation.get().field());
    }
    Event data;
    try {
      data = Json.fromTree(tree, eventType.recordClass());
    } catch (ValueInstantiationException e) {
      // a record's constructor refused a value; its message names the field
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new InvalidEventException(type, type + ": " + cause.getMessage(), e);
    } catch (JsonProcessingException e) {
      throw new InvalidEventException(
          type, type + ": body is not valid JSON for this type: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new InvalidEventException(type, type + ": unreadable body: " + e.getMessage(), e);
    }
    List<String> unknown = PayloadValidator.unknownFields(eventType, tree);
    if (!unknown.isEmpty()) {
      LOG.log(
          Level.INFO,
          "{0} {1}: reading past fields this version does not know (a newer minor version): {2}",
          type,
          id,
          String.join(", ", unknown));
    }
    if (key != null && !key.equals(data.key())) {
      throw new InvalidEventException(
          type,
          "Kafka key " + quote(key) + " differs from the event's id " + quote(data.key()),
          null);
    }
    return new Envelope(id, source, type, time, data.key(), data);
  }

  /**
   * RFC 3339 always with seconds: {@code OffsetDateTime.toString()} leaves them out on a whole
   * minute ("09:00Z"), which strict CloudEvents readers (SmallRye's among them) refuse.
   */
  static String rfc3339(OffsetDateTime time) {
    return DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").format(time)
        + (time.getNano() == 0 ? "" : fraction(time.getNano()))
        + (time.getOffset().equals(ZoneOffset.UTC) ? "Z" : time.getOffset().getId());
  }

  private static String fraction(int nanos) {
    String digits = String.format("%09d", nanos);
    int end = digits.length();
    while (end > 3 && digits.charAt(end - 1) == '0') {
      end--;
    }
    return "." + digits.substring(0, end);
  }

  private static OffsetDateTime now() {
    return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
  }

  private static OffsetDateTime parseTime(String value, String type) {
    if (value == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value);
    } catch (DateTimeParseException e) {
      throw new InvalidEventException(
          type, "header ce_time is not an RFC 3339 time: " + quote(value), e);
    }
  }

  private static void header(Headers headers, String name, String value) {
    headers.add(name, value.getBytes(StandardCharsets.UTF_8));
  }

  private static String header(Headers headers, String name) {
    Header header = headers.lastHeader(name);
    return header == null || header.value() == null
        ? null
        : new String(header.value(), StandardCharsets.UTF_8);
  }

  private static String required(Headers headers, String name, String type) {
    String value = header(headers, name);
    if (value == null || value.isEmpty()) {
      throw new InvalidEventException(type, "header " + name + " is missing", null);
    }
    return value;
  }

  private static String quote(String value) {
    return value == null ? "absent" : "'" + value + "'";
  }
}
