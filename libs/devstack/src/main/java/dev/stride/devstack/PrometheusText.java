package dev.stride.devstack;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One scrape of a service's {@code /q/metrics}, for tests: each series (name and labels exactly as
 * written, e.g. {@code stride_events_published_total{topic="dataset.events",type="..."}}) with its
 * value.
 */
public final class PrometheusText {

  private final Map<String, Double> series;

  private PrometheusText(Map<String, Double> series) {
    this.series = series;
  }

  public static PrometheusText parse(String text) {
    Map<String, Double> series = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      // name{labels} value [timestamp] [# {exemplar labels} value [timestamp]] (OpenMetrics)
      int end = endOfName(line);
      String[] rest = line.substring(end).trim().split("\\s+");
      series.put(line.substring(0, end), value(rest[0]));
    }
    return new PrometheusText(series);
  }

  /** Where the series' name and labels end; a label value may hold spaces, braces and '#'. */
  private static int endOfName(String line) {
    int brace = line.indexOf('{');
    int space = line.indexOf(' ');
    if (brace < 0 || (space >= 0 && space < brace)) {
      return space;
    }
    boolean quoted = false;
    for (int i = brace + 1; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (c == '}' && !quoted) {
        return i + 1;
      }
    }
    throw new IllegalArgumentException("unterminated labels: " + line);
  }

  private static double value(String text) {
    return switch (text) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(text); // NaN included
    };
  }

  /** The value of {@code series}, or empty if the scrape has no such series. */
  public Optional<Double> find(String series) {
    return Optional.ofNullable(this.series.get(series));
  }

  /** The value of a counter's series; 0 when it has not been counted yet. */
  public double count(String series) {
    return this.series.getOrDefault(series, 0.0);
  }

  /** Every series whose name is {@code name}, with its labels, in the order scraped. */
  public List<String> series(String name) {
    return series.keySet().stream()
        .filter(s -> s.equals(name) || s.startsWith(name + "{"))
        .toList();
  }
}
