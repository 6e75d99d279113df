package dev.stride.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** The one JSON mapping of events and stored documents. */
public final class Json {

  private static final ObjectMapper MAPPER =
      strict(
          JsonMapper.builder()
              .addModule(new JavaTimeModule())
              // a newer minor version may add fields; readers of v1 ignore them
              .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
              .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
              .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
              .serializationInclusion(JsonInclude.Include.NON_NULL)
              .build());

  private Json() {}

  /**
   * Makes {@code mapper} read numbers as written: {@code 1.7} or {@code "3"} is no integer and
   * {@code "3"} no number (Jackson would round or parse them silently), and a document ends where
   * its value ends (no trailing bytes). The services' REST mappers take the same settings, so a
   * request and an event are read alike.
   */
  public static ObjectMapper strict(ObjectMapper mapper) {
    mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
    mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    for (LogicalType number : List.of(LogicalType.Integer, LogicalType.Float)) {
      mapper
          .coercionConfigFor(number)
          .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
    }
    mapper
        .coercionConfigFor(LogicalType.Integer)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
    return mapper;
  }

  public static byte[] toBytes(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + value.getClass().getSimpleName(), e);
    }
  }

  /** Indented, for documents people read (manifests, reports, pointers). */
  public static byte[] toPrettyBytes(Object value) {
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(value);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + value.getClass().getSimpleName(), e);
    }
  }

  /**
   * Reads {@code type} from JSON bytes.
   *
   * @throws IOException with Jackson's description of what is wrong and where
   */
  public static <T> T fromBytes(byte[] json, Class<T> type) throws IOException {
    return MAPPER.readValue(json, type);
  }

  /** Parses JSON bytes into a tree. */
  public static JsonNode tree(byte[] json) throws IOException {
    return MAPPER.readTree(json);
  }

  /**
   * Reads {@code type} from a tree.
   *
   * @throws IOException with Jackson's description of what is wrong and where
   */
  public static <T> T fromTree(JsonNode tree, Class<T> type) throws IOException {
    return MAPPER.readerFor(type).readValue(tree);
  }
}
