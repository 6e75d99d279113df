package dev.stride.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** RFC 6902 JSON Patch: the operations add, remove, replace and test. */
final class JsonPatch {

  private JsonPatch() {}

  /** Applies {@code operations} (a JSON array of operations) to {@code target}, in place. */
  static void apply(JsonNode operations, JsonNode target) {
    for (JsonNode operation : operations) {
      String op = operation.path("op").asText();
      List<String> path = pointer(operation.path("path").asText());
      JsonNode parent = parent(target, path);
      String last = path.get(path.size() - 1);
      JsonNode value = operation.get("value");
      switch (op) {
        case "add" -> add(parent, last, value.deepCopy());
        case "remove" -> remove(parent, last);
        case "replace" -> {
          remove(parent, last);
          add(parent, last, value.deepCopy());
        }
        case "test" -> {
          if (!value.equals(child(parent, last))) {
            throw new IllegalStateException("test failed at " + operation.path("path").asText());
          }
        }
        default -> throw new UnsupportedOperationException("JSON patch operation " + op);
      }
    }
  }

  private static List<String> pointer(String pointer) {
    if (!pointer.startsWith("/")) {
      throw new IllegalArgumentException("not a JSON pointer: " + pointer);
    }
    List<String> tokens = new ArrayList<>();
    for (String token : pointer.substring(1).split("/", -1)) {
      tokens.add(token.replace("~1", "/").replace("~0", "~"));
    }
    return tokens;
  }

  private static JsonNode parent(JsonNode root, List<String> path) {
    JsonNode node = root;
    for (String token : path.subList(0, path.size() - 1)) {
      node = child(node, token);
      if (node == null) {
        throw new IllegalStateException("no " + token + " on the path " + path);
      }
    }
    return node;
  }

  private static JsonNode child(JsonNode node, String token) {
    return node.isArray() ? node.get(Integer.parseInt(token)) : node.get(token);
  }

  private static void add(JsonNode parent, String token, JsonNode value) {
    if (parent instanceof ArrayNode array) {
      if ("-".equals(token)) {
        array.add(value);
      } else {
        array.insert(Integer.parseInt(token), value);
      }
    } else {
      ((ObjectNode) parent).set(token, value);
    }
  }

  private static void remove(JsonNode parent, String token) {
    JsonNode removed =
        parent instanceof ArrayNode array
            ? array.remove(Integer.parseInt(token))
            : ((ObjectNode) parent).remove(token);
    if (removed == null) {
      throw new IllegalStateException("nothing to remove at " + token);
    }
  }
}
