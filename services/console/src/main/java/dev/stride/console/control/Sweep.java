package dev.stride.console.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stride.contracts.events.Hyperparameters;
import dev.stride.contracts.events.RunRequested;
import java.lang.reflect.RecordComponent;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A grid search: {@code {"base": <RunRequested>, "grid": {"learningRate": [0.001, 0.01], ...}}}
 * becomes one request per point of the cartesian product, the first key varying slowest. A grid key
 * is a hyperparameter or {@code architecture}. Runs are named {@code <base runId>-<n>} (n from 1)
 * when the base has a run id, else each gets a fresh one.
 */
public final class Sweep {

  private static final Set<String> BODY_FIELDS = Set.of("base", "grid");
  private static final List<String> HYPERPARAMETERS =
      Arrays.stream(Hyperparameters.class.getRecordComponents())
          .map(RecordComponent::getName)
          .toList();

  private Sweep() {}

  /**
   * Every request of the sweep, each checked; nothing is returned unless all are valid.
   *
   * @throws InvalidRequestException naming the field at fault
   */
  public static List<RunRequested> expand(JsonNode body, int maxRuns)
      throws InvalidRequestException {
    if (body == null || !body.isObject()) {
      throw new InvalidRequestException(null, "the body must be a JSON object with base and grid");
    }
    for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!BODY_FIELDS.contains(name)) {
        throw new InvalidRequestException(name, name + " is not a field of a sweep: base, grid");
      }
    }
    JsonNode base = body.get("base");
    if (base == null || !base.isObject()) {
      throw new InvalidRequestException("base", "base must be a RunRequested object");
    }
    List<Map.Entry<String, List<JsonNode>>> axes = axes(body.get("grid"));
    long size = size(axes, maxRuns);
    String prefix = base.hasNonNull("runId") ? base.get("runId").asText() : null;
    List<RunRequested> requests = new ArrayList<>();
    for (int n = 0; n < size; n++) {
      ObjectNode request = ((ObjectNode) base).deepCopy();
      request.put("runId", prefix != null ? prefix + "-" + (n + 1) : RunRequests.newRunId());
      List<String> point = new ArrayList<>();
      long rest = n;
      // mixed radix, the last axis fastest
      for (int a = axes.size() - 1; a >= 0; a--) {
        List<JsonNode> values = axes.get(a).getValue();
        JsonNode value = values.get((int) (rest % values.size()));
        rest /= values.size();
        set(request, axes.get(a).getKey(), value);
        point.add(0, axes.get(a).getKey() + "=" + value);
      }
      try {
        requests.add(RunRequests.parse(request));
      } catch (InvalidRequestException e) {
        throw new InvalidRequestException(
            e.field(),
            "run "
                + (n + 1)
                + " of "
                + size
                + " ("
                + String.join(", ", point)
                + "): "
                + e.getMessage());
      }
    }
    return requests;
  }

  /**
   * The product of the axes' lengths, checked against the cap before each multiplication: a grid of
   * 256⁸ would wrap a long to 0 runs.
   */
  private static long size(List<Map.Entry<String, List<JsonNode>>> axes, int maxRuns)
      throws InvalidRequestException {
    BigInteger size = BigInteger.ONE;
    for (Map.Entry<String, List<JsonNode>> axis : axes) {
      size = size.multiply(BigInteger.valueOf(axis.getValue().size()));
    }
    if (size.compareTo(BigInteger.valueOf(maxRuns)) > 0) {
      throw new InvalidRequestException(
          "grid", "the grid makes " + size + " runs; at most " + maxRuns + " are allowed");
    }
    return size.longValueExact();
  }

  private static List<Map.Entry<String, List<JsonNode>>> axes(JsonNode grid)
      throws InvalidRequestException {
    if (grid == null || !grid.isObject() || grid.isEmpty()) {
      throw new InvalidRequestException(
          "grid", "grid must map hyperparameter names to lists of values");
    }
    List<Map.Entry<String, List<JsonNode>>> axes = new ArrayList<>();
    for (Map.Entry<String, JsonNode> axis : grid.properties()) {
      String field = "grid." + axis.getKey();
      if (!axis.getKey().equals("architecture") && !HYPERPARAMETERS.contains(axis.getKey())) {
        throw new InvalidRequestException(
            field,
            field
                + " is not a hyperparameter; a grid varies architecture or "
                + String.join(", ", HYPERPARAMETERS));
      }
      if (!axis.getValue().isArray() || axis.getValue().isEmpty()) {
        throw new InvalidRequestException(field, field + " must be a non-empty list of values");
      }
      List<JsonNode> values = new ArrayList<>();
      axis.getValue().forEach(values::add);
      axes.add(Map.entry(axis.getKey(), values));
    }
    return axes;
  }

  private static void set(ObjectNode request, String name, JsonNode value) {
    if (name.equals("architecture")) {
      request.set(name, value);
      return;
    }
    JsonNode hyperparameters = request.get("hyperparameters");
    ObjectNode target =
        hyperparameters != null && hyperparameters.isObject()
            ? (ObjectNode) hyperparameters
            : request.putObject("hyperparameters");
    target.set(name, value);
  }
}
