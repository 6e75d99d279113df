package dev.stride.deploy;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The configuration one service reads, parsed from its sources: the keys and values of its
 * application.properties (prod profile), the keys its {@code @ConfigMapping} interfaces declare
 * (with {@code @WithDefault} values, {@code Optional} ones, nested groups), and the keys that
 * property expressions refer to ({@code ${stride.store.endpoint:...}}). Resolves what a key is
 * worth under a given environment, with SmallRye's environment-variable names.
 */
final class ServiceConfig {

  /** Keys the runtime always provides (system properties, Quarkus' own). */
  private static final List<String> BUILT_IN_PREFIXES = List.of("java.", "user.", "quarkus.uuid");

  private final String name;
  private final Map<String, String> properties;
  private final Map<String, ConfigMappings.MappedKey> mapped;

  private ServiceConfig(
      String name, Map<String, String> properties, Map<String, ConfigMappings.MappedKey> mapped) {
    this.name = name;
    this.properties = properties;
    this.mapped = mapped;
  }

  /** The configuration of services/NAME of the checkout. */
  static ServiceConfig of(String service) {
    Path dir = Checkout.service(service);
    // the service's own *Config interfaces are its mappings; their groups may be the libraries'
    List<String> mappings = javaSources(List.of(dir.resolve("src/main/java")), "Config.java");
    List<String> all = javaSources(Checkout.sourceRoots(service), ".java");
    return parse(service, Checkout.read(Checkout.applicationProperties(dir)), mappings, all);
  }

  private static List<String> javaSources(List<Path> roots, String suffix) {
    List<String> sources = new ArrayList<>();
    for (Path root : roots) {
      try (Stream<Path> files = Files.walk(root)) {
        files
            .filter(f -> f.getFileName().toString().endsWith(suffix))
            .map(Checkout::read)
            .forEach(sources::add);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return sources;
  }

  /**
   * Parses a service's configuration: {@code configSources} are searched for {@code @ConfigMapping}
   * interfaces, {@code groupSources} for the interfaces of nested groups.
   */
  static ServiceConfig parse(
      String name,
      String applicationProperties,
      List<String> configSources,
      List<String> groupSources) {
    return new ServiceConfig(
        name,
        readProperties(applicationProperties),
        ConfigMappings.parse(configSources, groupSources));
  }

  String name() {
    return name;
  }

  Map<String, ConfigMappings.MappedKey> mappedKeys() {
    return mapped;
  }

  /** Every key the service reads: properties, mapped keys and keys named in expressions. */
  Set<String> keys() {
    Set<String> keys = new TreeSet<>(properties.keySet());
    keys.addAll(mapped.keySet());
    for (String value : properties.values()) {
      keys.addAll(Expressions.references(value));
    }
    for (ConfigMappings.MappedKey key : mapped.values()) {
      if (key.defaultValue() != null) {
        keys.addAll(Expressions.references(key.defaultValue()));
      }
    }
    keys.removeIf(ServiceConfig::builtIn);
    return keys;
  }

  /** Keys without any value when nothing is set: not optional, no default, not in properties. */
  List<String> requiredKeys() {
    return mapped.values().stream()
        .filter(k -> !k.optional() && k.defaultValue() == null && !properties.containsKey(k.key()))
        .map(ConfigMappings.MappedKey::key)
        .toList();
  }

  /** What {@code key} is worth with {@code env} as the process environment; empty if unset. */
  Optional<String> value(String key, Map<String, String> env) {
    String fromEnv = env.get(envName(key));
    if (fromEnv != null) {
      return Optional.of(fromEnv);
    }
    if (properties.containsKey(key)) {
      return Expressions.expand(properties.get(key), k -> value(k, env));
    }
    ConfigMappings.MappedKey mappedKey = mapped.get(key);
    if (mappedKey != null && mappedKey.defaultValue() != null) {
      return Expressions.expand(mappedKey.defaultValue(), k -> value(k, env));
    }
    if (builtIn(key)) {
      return Optional.of("<" + key + ">");
    }
    return Optional.empty();
  }

  /** SmallRye's environment variable for a key: non-alphanumerics to '_', upper case. */
  static String envName(String key) {
    return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase();
  }

  private static boolean builtIn(String key) {
    return BUILT_IN_PREFIXES.stream().anyMatch(key::startsWith);
  }

  private static Map<String, String> readProperties(String text) {
    Properties raw = new Properties();
    try {
      raw.load(new StringReader(text));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> values = new LinkedHashMap<>();
    raw.stringPropertyNames().stream()
        .filter(k -> !k.startsWith("%"))
        .forEach(k -> values.put(k, raw.getProperty(k)));
    // the prod profile is what a container runs
    raw.stringPropertyNames().stream()
        .filter(k -> k.startsWith("%prod."))
        .forEach(k -> values.put(k.substring("%prod.".length()), raw.getProperty(k)));
    return values;
  }
}
