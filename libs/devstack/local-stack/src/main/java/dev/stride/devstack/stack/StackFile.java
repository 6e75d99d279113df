package dev.stride.devstack.stack;

import java.util.List;
import java.util.Map;

/** {@code <dir>/stack.json}: what {@code stride up} started, for {@code stride down}. */
public record StackFile(String directory, Map<String, String> endpoints, List<Entry> processes) {

  /** One process: its name, pid and log. */
  public record Entry(String name, long pid, String log) {}
}
