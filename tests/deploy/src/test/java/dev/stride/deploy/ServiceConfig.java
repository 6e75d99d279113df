package dev.stride.deploy;

import io.smallrye.common.expression.Expression;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.ConfigMappingInterface.Property;
import io.smallrye.config.ConfigMappings;
import io.smallrye.config.ConfigMappings.ConfigClass;
import io.smallrye.config.ConfigValidationException;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.SysPropConfigSource;
import io.smallrye.config.common.utils.StringUtil;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * The configuration one service reads, from its compiled module: its {@code @ConfigMapping}
 * interface {@code dev.stride.NAME.NAMEConfig} and the application.properties beside it on the
 * class path. Values are resolved by SmallRye Config itself, as in the running service: the prod
 * profile, property expressions, the mapping's defaults and SmallRye's environment-variable names.
 */
final class ServiceConfig {

  /** Keys the runtime always provides (system properties, Quarkus' own). */
  private static final List<String> BUILT_IN_PREFIXES = List.of("java.", "user.", "quarkus.uuid");

  private final String name;
  private final Class<?> mapping;
  private final String applicationProperties;
  private final Map<String, Property> mapped;
  private final Map<Map<String, String>, SmallRyeConfig> resolved = new HashMap<>();

  private ServiceConfig(String name, Class<?> mapping, String applicationProperties) {
    if (!mapping.isAnnotationPresent(ConfigMapping.class)) {
      throw new IllegalArgumentException(mapping + " is not a @ConfigMapping interface");
    }
    this.name = name;
    this.mapping = mapping;
    this.applicationProperties = applicationProperties;
    this.mapped =
        new LinkedHashMap<>(ConfigMappings.getProperties(ConfigClass.configClass(mapping)));
    mapped
        .keySet()
        .removeIf(key -> key.endsWith("[*]")); // a list's elements: the list's key is there
  }

  /** services/NAME of this reactor, from its classes (a test dependency of this module). */
  static ServiceConfig of(String service) {
    String type =
        "dev.stride.%s.%sConfig"
            .formatted(service, Character.toUpperCase(service.charAt(0)) + service.substring(1));
    try {
      Class<?> mapping = Class.forName(type);
      URL classes = mapping.getProtectionDomain().getCodeSource().getLocation();
      try (URLClassLoader module = new URLClassLoader(new URL[] {classes}, null);
          var in = module.getResourceAsStream("application.properties")) {
        if (in == null) {
          throw new IllegalStateException(classes + " has no application.properties");
        }
        return new ServiceConfig(service, mapping, new String(in.readAllBytes()));
      }
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(
          "no %s on the class path: add services/%s as a test dependency of tests/deploy"
              .formatted(type, service),
          e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A service made of a mapping interface and the text of its application.properties. */
  static ServiceConfig of(String name, Class<?> mapping, String applicationProperties) {
    return new ServiceConfig(name, mapping, applicationProperties);
  }

  String name() {
    return name;
  }

  /** The keys of the service's mapping (groups flattened: trainer.store.endpoint). */
  Set<String> mappedKeys() {
    return mapped.keySet();
  }

  /** Every key the service reads: properties, mapped keys and keys named in expressions. */
  Set<String> keys() {
    Set<String> keys = new TreeSet<>(mapped.keySet());
    List<String> values = new ArrayList<>();
    properties()
        .forEach(
            (key, value) -> {
              keys.add(key.replaceFirst("^%prod\\.", ""));
              values.add(value);
            });
    mapped.values().stream()
        .filter(Property::hasDefaultValue)
        .forEach(p -> values.add(p.getDefaultValue()));
    for (String value : values) {
      keys.addAll(
          Expression.compile(value, Expression.Flag.LENIENT_SYNTAX, Expression.Flag.NO_TRIM)
              .getReferencedStrings());
    }
    keys.removeIf(key -> key.startsWith("%") || builtIn(key));
    return keys;
  }

  /**
   * Why the service would not start with {@code env} as its environment: SmallRye's validation of
   * its mapping (a key without a value or default, a value of the wrong type), one line each.
   */
  List<String> startProblems(Map<String, String> env) {
    try {
      builder(env).withMapping(mapping).build();
      return List.of();
    } catch (ConfigValidationException e) {
      List<String> problems = new ArrayList<>();
      for (int i = 0; i < e.getProblemCount(); i++) {
        problems.add(e.getProblem(i).getMessage());
      }
      return problems;
    }
  }

  /** What {@code key} is worth with {@code env} as the process environment; empty if unset. */
  Optional<String> value(String key, Map<String, String> env) {
    SmallRyeConfig config =
        resolved.computeIfAbsent(
            Map.copyOf(env), e -> builder(e).withDefaultValues(defaults()).build());
    try {
      return config.getOptionalValue(key, String.class);
    } catch (NoSuchElementException e) {
      return Optional.empty(); // an expression names a key without a value
    }
  }

  /** SmallRye's environment variable for a key: non-alphanumerics to '_', upper case. */
  static String envName(String key) {
    return StringUtil.replaceNonAlphanumericByUnderscores(key).toUpperCase();
  }

  private SmallRyeConfigBuilder builder(Map<String, String> env) {
    return new SmallRyeConfigBuilder()
        .addDefaultInterceptors()
        .withProfile("prod")
        .withValidateUnknown(false)
        .withSources(new PropertiesConfigSource(properties(), "application.properties", 250))
        .withSources(new EnvConfigSource(env, 300))
        .withSources(new SysPropConfigSource())
        .withDefaultValue("quarkus.uuid", "<quarkus.uuid>");
  }

  private Map<String, String> defaults() {
    Map<String, String> defaults = new LinkedHashMap<>();
    mapped.forEach(
        (key, property) -> {
          if (property.hasDefaultValue()) {
            defaults.put(key, property.getDefaultValue());
          }
        });
    return defaults;
  }

  private Map<String, String> properties() {
    Properties raw = new Properties();
    try {
      raw.load(new StringReader(applicationProperties));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> properties = new LinkedHashMap<>();
    raw.stringPropertyNames().forEach(k -> properties.put(k, raw.getProperty(k)));
    return properties;
  }

  private static boolean builtIn(String key) {
    return BUILT_IN_PREFIXES.stream().anyMatch(key::startsWith);
  }
}
