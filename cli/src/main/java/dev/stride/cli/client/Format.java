package dev.stride.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Locale;

/** How verbs print numbers, durations and progress. */
final class Format {

  private Format() {}

  /** A progress bar of {@code width} cells for a fraction in [0, 1]. */
  static String bar(double fraction, int width) {
    double clamped = Math.max(0, Math.min(1, fraction));
    int full = (int) Math.round(clamped * width);
    return "[" + "#".repeat(full) + ".".repeat(width - full) + "]";
  }

  /** 75 s as "1m15s", 3725 s as "1h02m05s". */
  static String duration(double seconds) {
    if (!(seconds >= 0) || Double.isInfinite(seconds)) {
      return "?";
    }
    long s = Math.round(seconds);
    if (s >= 3600) {
      return String.format(Locale.ROOT, "%dh%02dm%02ds", s / 3600, s % 3600 / 60, s % 60);
    }
    return s >= 60
        ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60)
        : String.format(Locale.ROOT, "%ds", s);
  }

  /** An accuracy as a percentage, or "-" when there is none yet. */
  static String percent(JsonNode value) {
    return value == null || !value.isNumber()
        ? "-"
        : String.format(Locale.ROOT, "%.2f%%", value.asDouble() * 100);
  }

  /** A manifest's split sizes: "2000 train, 400 validation, 400 test". */
  static String counts(JsonNode manifest) {
    JsonNode splits = manifest.path("splits");
    return String.format(
        Locale.ROOT,
        "%d train, %d validation, %d test, %d classes",
        splits.path("train").path("images").asInt(),
        splits.path("validation").path("images").asInt(),
        splits.path("test").path("images").asInt(),
        manifest.path("classNames").size());
  }

  static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliFailure("interrupted");
    }
  }
}
