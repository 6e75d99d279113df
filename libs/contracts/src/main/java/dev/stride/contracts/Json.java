package dev.stride.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The one JSON mapping of events and stored documents. */
public final class Json {

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          // a newer minor version may add fields; readers of v1 ignore them
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .serializationInclusion(JsonInclude.Include.NON_NULL)
          .build();

  private Json() {}

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
