package dev.stride.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** SmallRye Config property expressions: {@code ${key}} and {@code ${key:default}}, nested. */
final class Expressions {

  private Expressions() {}

  /** The keys an expression refers to, defaults' expressions included. */
  static List<String> references(String value) {
    List<String> keys = new ArrayList<>();
    expand(
        value,
        key -> {
          keys.add(key);
          return Optional.empty();
        });
    return keys;
  }

  /** The value with every expression resolved by {@code lookup}; empty if one has no value. */
  static Optional<String> expand(String value, Function<String, Optional<String>> lookup) {
    StringBuilder out = new StringBuilder();
    boolean resolved = true;
    int i = 0;
    while (i < value.length()) {
      int start = value.indexOf("${", i);
      if (start < 0) {
        out.append(value, i, value.length());
        break;
      }
      out.append(value, i, start);
      int end = closing(value, start + 2);
      String inner = value.substring(start + 2, end);
      int colon = separator(inner);
      String key = colon < 0 ? inner : inner.substring(0, colon);
      Optional<String> found = lookup.apply(key);
      if (found.isPresent()) {
        out.append(found.get());
      } else if (colon >= 0) {
        Optional<String> fallback = expand(inner.substring(colon + 1), lookup);
        resolved &= fallback.isPresent();
        out.append(fallback.orElse(""));
      } else {
        resolved = false;
      }
      i = end + 1;
    }
    return resolved ? Optional.of(out.toString()) : Optional.empty();
  }

  private static int closing(String value, int from) {
    int depth = 1;
    for (int i = from; i < value.length(); i++) {
      if (value.startsWith("${", i)) {
        depth++;
        i++;
      } else if (value.charAt(i) == '}' && --depth == 0) {
        return i;
      }
    }
    throw new IllegalArgumentException("unclosed expression in " + value);
  }

  /** The ':' between key and default, outside nested expressions; -1 if none. */
  private static int separator(String inner) {
    int depth = 0;
    for (int i = 0; i < inner.length(); i++) {
      if (inner.startsWith("${", i)) {
        depth++;
        i++;
      } else if (inner.charAt(i) == '}') {
        depth--;
      } else if (inner.charAt(i) == ':' && depth == 0) {
        return i;
      }
    }
    return -1;
  }
}
