package dev.stride.deploy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The keys of SmallRye {@code @ConfigMapping} interfaces, read from their Java source: one per
 * method ({@code batchSize()} is {@code <prefix>.batch-size}, or {@code @WithName}), with its
 * {@code @WithDefault}, optional when it returns {@code Optional}; a method returning another
 * interface of the given sources is a group whose keys nest under the method's name.
 */
final class ConfigMappings {

  /** A key declared by a {@code @ConfigMapping} interface. */
  record MappedKey(String key, String defaultValue, boolean optional) {}

  private static final Pattern MAPPING =
      Pattern.compile("@ConfigMapping\\(\\s*prefix\\s*=\\s*\"([^\"]+)\"");
  private static final Pattern METHOD =
      Pattern.compile(
          "((?:@\\w+(?:\\s*\\((?:[^()\"]|\"(?:[^\"\\\\]|\\\\.)*\")*\\))?\\s+)*)"
              + "([\\w.]+(?:<[^;(){}]*>)?)\\s+(\\w+)\\s*\\(\\s*\\)\\s*;");
  private static final Pattern WITH_DEFAULT =
      Pattern.compile("@WithDefault\\(\\s*\"((?:[^\"\\\\]|\\\\.)*)\"\\s*\\)");
  private static final Pattern WITH_NAME =
      Pattern.compile("@WithName\\(\\s*\"((?:[^\"\\\\]|\\\\.)*)\"\\s*\\)");

  private ConfigMappings() {}

  /**
   * The keys of the {@code @ConfigMapping} interfaces among {@code configSources}; their groups'
   * interfaces are looked up in {@code groupSources}.
   */
  static Map<String, MappedKey> parse(List<String> configSources, List<String> groupSources) {
    Map<String, MappedKey> mapped = new LinkedHashMap<>();
    for (String source : configSources) {
      Matcher mapping = MAPPING.matcher(source);
      if (mapping.find()) {
        collect(mapping.group(1), uncommented(source), groupSources, mapped);
      }
    }
    return mapped;
  }

  private static void collect(
      String prefix, String source, List<String> groupSources, Map<String, MappedKey> into) {
    Matcher method = METHOD.matcher(body(source));
    while (method.find()) {
      String annotations = method.group(1);
      String type = method.group(2);
      Matcher withName = WITH_NAME.matcher(annotations);
      String key = prefix + "." + (withName.find() ? withName.group(1) : kebab(method.group(3)));
      Optional<String> group = groupSource(type, groupSources);
      if (group.isPresent()) {
        collect(key, group.get(), groupSources, into);
        continue;
      }
      Matcher withDefault = WITH_DEFAULT.matcher(annotations);
      String defaultValue = withDefault.find() ? withDefault.group(1).replace("\\\"", "\"") : null;
      boolean optional = type.startsWith("Optional");
      into.put(key, new MappedKey(key, defaultValue, optional));
    }
  }

  /**
   * The source of interface {@code type} from its declaration on, if it is one of the given sources
   * (a group may be nested in the mapping that uses it).
   */
  private static Optional<String> groupSource(String type, List<String> sources) {
    Pattern declaration = Pattern.compile("\\binterface\\s+" + Pattern.quote(type) + "\\b");
    for (String source : sources) {
      String text = uncommented(source);
      Matcher found = declaration.matcher(text);
      if (found.find()) {
        return Optional.of(text.substring(found.start()));
      }
    }
    return Optional.empty();
  }

  /** The text inside the outermost type's braces, without nested types' bodies. */
  private static String body(String source) {
    int open = source.indexOf('{', source.indexOf("interface"));
    StringBuilder body = new StringBuilder();
    int depth = 0;
    boolean quoted = false;
    for (int i = open; i < source.length(); i++) {
      char c = source.charAt(i);
      if (quoted) {
        if (c == '\\') {
          i++; // the escaped character stays inside the literal
          if (depth == 1) {
            body.append(c).append(source.charAt(i));
          }
          continue;
        }
        quoted = c != '"';
      } else if (c == '"') {
        quoted = true;
      } else if (c == '{') {
        depth++;
        continue;
      } else if (c == '}') {
        if (--depth == 0) {
          break;
        }
        continue;
      }
      if (depth == 1) {
        body.append(c);
      }
    }
    return body.toString();
  }

  /** The source without comments; string literals (which may hold "//") are kept whole. */
  private static String uncommented(String source) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < source.length()) {
      char c = source.charAt(i);
      if (c == '"') {
        int end = i + 1;
        while (end < source.length() && source.charAt(end) != '"') {
          end += source.charAt(end) == '\\' ? 2 : 1;
        }
        out.append(source, i, Math.min(end + 1, source.length()));
        i = end + 1;
      } else if (source.startsWith("//", i)) {
        int end = source.indexOf('\n', i);
        i = end < 0 ? source.length() : end;
      } else if (source.startsWith("/*", i)) {
        int end = source.indexOf("*/", i + 2);
        i = end < 0 ? source.length() : end + 2;
        out.append(' ');
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  /** SmallRye's default naming: batchSize is batch-size. */
  static String kebab(String method) {
    return method.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
  }
}
