package dev.stride.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Reads YAML into Jackson trees. SnakeYAML's safe loader rather than Jackson's YAML parser: it
 * resolves anchors, aliases and merge keys, as Docker Compose and kubectl do.
 */
final class Yamls {

  static final ObjectMapper JSON = new ObjectMapper();

  private Yamls() {}

  static List<JsonNode> parseAll(String text) {
    Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
    List<JsonNode> documents = new ArrayList<>();
    for (Object document : yaml.loadAll(text)) {
      if (document != null) {
        documents.add(JSON.valueToTree(document));
      }
    }
    return documents;
  }

  static JsonNode parse(String text) {
    List<JsonNode> documents = parseAll(text);
    if (documents.size() != 1) {
      throw new IllegalArgumentException("expected one YAML document, found " + documents.size());
    }
    return documents.get(0);
  }

  static List<JsonNode> readAll(Path file) {
    return parseAll(Checkout.read(file));
  }

  static JsonNode read(Path file) {
    return parse(Checkout.read(file));
  }

  /** A resource of this module (under src/test/resources). */
  static String resource(String name) {
    try (InputStream in = Yamls.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalArgumentException("no resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
