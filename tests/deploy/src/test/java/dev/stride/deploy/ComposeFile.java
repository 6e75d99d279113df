package dev.stride.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * docker-compose.yml as Compose reads it: variables interpolated from .env (the shell's own
 * environment is left out, so that the check does not depend on who runs it).
 */
final class ComposeFile {

  private static final Pattern VARIABLE =
      Pattern.compile(
          "\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])((?:[^{}]|\\{[^{}]*\\})*))?\\}|\\$([A-Za-z_][A-Za-z0-9_]*)");
  private static final Pattern DOCKERFILE =
      Pattern.compile("services/([^/]+)/src/main/docker/Dockerfile");

  private final JsonNode model;
  private final Map<String, String> dotEnv;
  private final List<String> problems = new ArrayList<>();

  private ComposeFile(JsonNode raw, Map<String, String> dotEnv) {
    this.dotEnv = dotEnv;
    this.model = interpolate(raw);
  }

  static ComposeFile read() {
    return parse(Checkout.read("docker-compose.yml"), Checkout.read(".env"));
  }

  static ComposeFile parse(String composeYaml, String dotEnvText) {
    return new ComposeFile(Yamls.parse(composeYaml), parseDotEnv(dotEnvText));
  }

  /** KEY=VALUE lines; # comments; optional quotes around the value. */
  static Map<String, String> parseDotEnv(String text) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#") || !trimmed.contains("=")) {
        continue;
      }
      String key = trimmed.substring(0, trimmed.indexOf('=')).strip();
      String value = trimmed.substring(trimmed.indexOf('=') + 1).strip();
      if (value.length() >= 2
          && (value.startsWith("\"") && value.endsWith("\"")
              || value.startsWith("'") && value.endsWith("'"))) {
        value = value.substring(1, value.length() - 1);
      }
      values.put(key, value);
    }
    return values;
  }

  /** The file after interpolation. */
  JsonNode model() {
    return model;
  }

  Map<String, String> dotEnv() {
    return dotEnv;
  }

  /** Variables that were used without a value (each an error for Compose or a silent ""). */
  List<String> problems() {
    return problems;
  }

  List<String> serviceNames() {
    List<String> names = new ArrayList<>();
    model.path("services").fieldNames().forEachRemaining(names::add);
    return names;
  }

  JsonNode service(String name) {
    return model.path("services").path(name);
  }

  /** The Stride service a Compose service builds, from its Dockerfile's path. */
  Optional<String> strideService(String composeService) {
    Matcher dockerfile =
        DOCKERFILE.matcher(service(composeService).at("/build/dockerfile").asText());
    return dockerfile.matches() ? Optional.of(dockerfile.group(1)) : Optional.empty();
  }

  /** A service's environment, written as a map or as a list of KEY=VALUE. */
  Map<String, String> environment(String composeService) {
    Map<String, String> env = new LinkedHashMap<>();
    JsonNode environment = service(composeService).path("environment");
    if (environment.isObject()) {
      environment.fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
    } else {
      for (JsonNode entry : environment) {
        String text = entry.asText();
        int equals = text.indexOf('=');
        env.put(
            equals < 0 ? text : text.substring(0, equals),
            equals < 0 ? "" : text.substring(equals + 1));
      }
    }
    return env;
  }

  private JsonNode interpolate(JsonNode node) {
    if (node.isTextual()) {
      return TextNode.valueOf(interpolate(node.asText()));
    }
    if (node.isObject()) {
      ObjectNode copy = Yamls.JSON.createObjectNode();
      node.fields().forEachRemaining(e -> copy.set(e.getKey(), interpolate(e.getValue())));
      return copy;
    }
    if (node.isArray()) {
      ArrayNode copy = Yamls.JSON.createArrayNode();
      node.forEach(element -> copy.add(interpolate(element)));
      return copy;
    }
    return node;
  }

  /** Compose's interpolation: $$, $VAR, ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?error}. */
  String interpolate(String text) {
    Matcher variable = VARIABLE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (variable.find()) {
      String replacement;
      if (variable.group().equals("$$")) {
        replacement = "$";
      } else {
        String name = variable.group(1) != null ? variable.group(1) : variable.group(4);
        String operator = variable.group(2);
        String value = dotEnv.get(name);
        boolean unset = value == null;
        boolean empty = unset || value.isEmpty();
        if (operator == null) {
          if (unset) {
            problems.add("variable " + name + " is not set in .env");
          }
          replacement = unset ? "" : value;
        } else {
          boolean missing = operator.startsWith(":") ? empty : unset;
          String argument = interpolate(variable.group(3));
          replacement =
              switch (operator.substring(operator.length() - 1)) {
                case "-" -> missing ? argument : value;
                case "+" -> missing ? "" : argument;
                default -> {
                  if (missing) {
                    problems.add("variable " + name + " is required: " + argument);
                  }
                  yield missing ? "" : value;
                }
              };
        }
      }
      variable.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    variable.appendTail(out);
    return out.toString();
  }
}
