package dev.stride.nn.spec;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Keras' layer names: the class name in snake case, numbered from the second of a kind on (conv2d,
 * conv2d_1, max_pooling2d, ...). One instance names one model, or one block's parts.
 */
final class KerasNames {

  // Keras' own to_snake_case: Conv2D → conv2d, MaxPooling2D → max_pooling2d
  private static final Pattern WORD = Pattern.compile("(.)([A-Z][a-z0-9]+)");
  private static final Pattern LOWER_UPPER = Pattern.compile("([a-z])([A-Z])");

  private final String prefix;
  private final Map<String, Integer> used = new HashMap<>();

  KerasNames(String prefix) {
    this.prefix = prefix;
  }

  String next(String kerasClass) {
    String base = snakeCase(kerasClass);
    int seen = used.merge(base, 1, Integer::sum) - 1;
    return prefix + (seen == 0 ? base : base + "_" + seen);
  }

  static String snakeCase(String className) {
    String words = WORD.matcher(className).replaceAll("$1_$2");
    return LOWER_UPPER.matcher(words).replaceAll("$1_$2").toLowerCase(java.util.Locale.ROOT);
  }
}
