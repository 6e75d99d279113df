package dev.stride.console.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stride.contracts.Json;
import dev.stride.contracts.events.InvalidFieldException;
import dev.stride.contracts.events.RunRequested;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Turns a JSON body into a {@link RunRequested}, checked the way every reader checks it: by
 * constructing the record. Stricter than an event reader in one way: a field the record does not
 * have is refused, since in a request typed by a person it is a typo that would silently train with
 * a default.
 */
public final class RunRequests {

  private RunRequests() {}

  /** A fresh run id, for a request that names none. */
  public static String newRunId() {
    return "run-" + UUID.randomUUID().toString().substring(0, 13);
  }

  /**
   * The request in {@code body}, with a new run id if it has none.
   *
   * @throws InvalidRequestException naming the field at fault
   */
  public static RunRequested parse(JsonNode body) throws InvalidRequestException {
    if (body == null || !body.isObject()) {
      throw new InvalidRequestException(null, "the body must be a JSON object (a RunRequested)");
    }
    ObjectNode request = ((ObjectNode) body).deepCopy();
    if (!request.hasNonNull("runId")) {
      request.put("runId", newRunId());
    }
    checkKnownFields(request, RunRequested.class, "");
    try {
      return Json.fromBytes(
          request.toString().getBytes(StandardCharsets.UTF_8), RunRequested.class);
    } catch (ValueInstantiationException e) {
      // a record's constructor refused a value: its InvalidFieldException names the field
      if (e.getCause() instanceof InvalidFieldException invalid) {
        throw new InvalidRequestException(invalid.field(), invalid.getMessage());
      }
      throw new InvalidRequestException(path(e), e.getOriginalMessage());
    } catch (JsonMappingException e) {
      String field = path(e);
      throw new InvalidRequestException(
          field, field + " has the wrong type: " + e.getOriginalMessage());
    } catch (JsonProcessingException e) {
      throw new InvalidRequestException(null, "malformed JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new InvalidRequestException(null, "unreadable body: " + e.getMessage());
    }
  }

  private static void checkKnownFields(JsonNode node, Class<?> type, String prefix)
      throws InvalidRequestException {
    RecordComponent[] components = type.getRecordComponents();
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      RecordComponent component =
          Arrays.stream(components).filter(c -> c.getName().equals(name)).findFirst().orElse(null);
      if (component == null) {
        throw new InvalidRequestException(
            prefix + name,
            prefix
                + name
                + " is not a field of "
                + type.getSimpleName()
                + "; its fields are "
                + Arrays.stream(components)
                    .map(RecordComponent::getName)
                    .collect(Collectors.joining(", ")));
      }
      if (component.getType().isRecord() && node.get(name).isObject()) {
        checkKnownFields(node.get(name), component.getType(), prefix + name + ".");
      }
    }
  }

  private static String path(JsonMappingException e) {
    return e.getPath().stream()
        .map(
            reference ->
                reference.getFieldName() != null
                    ? reference.getFieldName()
                    : "[" + reference.getIndex() + "]")
        .collect(Collectors.joining("."))
        .replace(".[", "[");
  }
}
