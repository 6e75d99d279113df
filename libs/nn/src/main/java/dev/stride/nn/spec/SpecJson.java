package dev.stride.nn.spec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The JSON and YAML mapping of specs and of what is derived from them (summaries). Reading is
 * strict, since a typo in a spec should fail before training rather than be ignored: unknown
 * fields, 2.5 for a whole number and "3" for a number are refused.
 */
public final class SpecJson {

  private static final ObjectMapper JSON = strict(JsonMapper.builder());
  private static final ObjectMapper YAML = strict(YAMLMapper.builder());

  private static final Map<Class<?>, String> EXPECTED =
      Map.of(
          Integer.class, "a whole number",
          Double.class, "a number",
          Boolean.class, "true or false",
          String.class, "text",
          List.class, "a list",
          TensorShape.class, "[height, width, channels]",
          LayerSpec.class, "an object with a \"type\"");

  // Jackson's "(start marker at [Source: …; line: 1, column: 12])"
  private static final Pattern SOURCE = Pattern.compile("\\s*\\([^()]*\\[Source:.*$");

  private SpecJson() {}

  /** Indented JSON of a spec, a summary or any record derived from them. */
  public static String write(Object value) {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + value.getClass().getSimpleName(), e);
    }
  }

  static ArchitectureSpec parse(String text) {
    boolean json = text.stripLeading().startsWith("{");
    ObjectMapper mapper = json ? JSON : YAML;
    JsonNode tree;
    try {
      tree = mapper.readTree(text);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where =
          at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw new InvalidSpecException(
          null, null, null, "not valid " + (json ? "JSON" : "YAML") + where + ": " + problem(e), e);
    }
    if (tree == null || !tree.isObject()) {
      throw new InvalidSpecException(
          null,
          null,
          null,
          "a spec is an object with \"layers\" (and optionally \"name\", \"input\")");
    }
    try {
      return mapper.treeToValue(tree, ArchitectureSpec.class);
    } catch (JsonMappingException e) {
      throw translate(e, tree);
    } catch (JsonProcessingException e) {
      throw new InvalidSpecException(null, null, null, e.getOriginalMessage(), e);
    }
  }

  /** Jackson's path (layers → 8 → filters) and problem, told as "layer 9 conv: 'filters' …". */
  private static InvalidSpecException translate(JsonMappingException e, JsonNode tree) {
    List<JsonMappingException.Reference> path = e.getPath();
    Integer layer = null;
    String type = null;
    String field = path.isEmpty() ? null : path.get(0).getFieldName();
    if ("layers".equals(field) && path.size() > 1 && path.get(1).getIndex() >= 0) {
      int i = path.get(1).getIndex();
      layer = i + 1;
      JsonNode typeNode = tree.path("layers").path(i).path("type");
      type = LayerSpec.TYPES.contains(typeNode.asText()) ? typeNode.asText() : null;
      field = path.size() > 2 ? path.get(2).getFieldName() : null;
    }
    return new InvalidSpecException(layer, type, field, problem(e, field), e);
  }

  private static String problem(JsonMappingException e, String field) {
    if (e instanceof InvalidTypeIdException) {
      String id = ((InvalidTypeIdException) e).getTypeId();
      String known = "; known: " + String.join(", ", LayerSpec.TYPES);
      return id == null ? "'type' is missing" + known : "unknown type '" + id + "'" + known;
    }
    if (e instanceof UnrecognizedPropertyException) {
      UnrecognizedPropertyException unknown = (UnrecognizedPropertyException) e;
      String known =
          unknown.getKnownPropertyIds().stream()
              .map(String::valueOf)
              .sorted()
              .collect(Collectors.joining(", "));
      return "unknown field '" + unknown.getPropertyName() + "'; known: " + known;
    }
    String name = field == null ? "a value" : "'" + field + "'";
    // our own creators (Width, Padding, ActivationFunction, TensorShape) say what they expect
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      if (cause instanceof IllegalArgumentException && !(cause instanceof JsonMappingException)) {
        return name + " " + cause.getMessage();
      }
    }
    if (e instanceof MismatchedInputException) {
      Class<?> target = ((MismatchedInputException) e).getTargetType();
      for (Map.Entry<Class<?>, String> expected : EXPECTED.entrySet()) {
        if (target != null && expected.getKey().isAssignableFrom(target)) {
          return name + " must be " + expected.getValue();
        }
      }
    }
    return name + ": " + problem(e);
  }

  /**
   * The parser's own words without what only helps a debugger: the source location it repeats (we
   * give line and column) and YAML's echo of the offending lines.
   */
  private static String problem(JsonProcessingException e) {
    return e.getOriginalMessage()
        .lines()
        .filter(line -> !line.isBlank() && !Character.isWhitespace(line.charAt(0)))
        .map(line -> SOURCE.matcher(line).replaceAll(""))
        .collect(Collectors.joining("; "));
  }

  private static ObjectMapper strict(
      com.fasterxml.jackson.databind.cfg.MapperBuilder<?, ?> builder) {
    return builder
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        .build();
  }
}
