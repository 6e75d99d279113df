package dev.stride.console.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stride.console.ConsoleConfig;
import dev.stride.contracts.api.ErrorBody;
import dev.stride.contracts.events.Hyperparameters;
import dev.stride.nn.ModelLimits;
import dev.stride.nn.Presets;
import dev.stride.nn.spec.ArchitectureSpec;
import dev.stride.nn.spec.SpecException;
import dev.stride.nn.summary.ModelSummary;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * The presets as editable layer specs, and a spec's Keras summary and parameter count, so the
 * submit page checks a spec as it is typed, before a run is requested.
 */
@Path("/api/v1/architectures")
@Produces(MediaType.APPLICATION_JSON)
public class ArchitecturesResource {

  @Inject ConsoleConfig config;

  /** A preset: its name and its spec file's text. */
  public record Preset(String name, String spec) {}

  /** A spec that checks out: its summary as Keras prints it, and the counts. */
  public record Summary(
      String text,
      long totalParams,
      long trainableParams,
      long nonTrainableParams,
      String output) {}

  @GET
  public List<Preset> presets() {
    return Presets.NAMES.stream().map(name -> new Preset(name, Presets.text(name))).toList();
  }

  /**
   * @param request {@code {"architecture": "<preset>"}} or {@code {"architectureSpec": {...}}}, and
   *     optionally {@code "classes"} (default 10) and {@code "batchSize"} (default the notebook's),
   *     which the activation cap is checked at
   */
  @POST
  @Path("/summary")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response summary(JsonNode request) {
    if (request == null || !request.isObject()) {
      return error("send {\"architecture\": name} or {\"architectureSpec\": {...}}", null);
    }
    Integer classes = positiveInt(request, "classes", 10);
    Integer batchSize = positiveInt(request, "batchSize", Hyperparameters.DEFAULT_BATCH_SIZE);
    if (classes == null || batchSize == null) {
      String field = classes == null ? "classes" : "batchSize";
      return error(
          field + " must be a whole number of at least 1, got " + request.get(field), field);
    }
    try {
      ArchitectureSpec spec;
      if (request.hasNonNull("architectureSpec")) {
        spec = ArchitectureSpec.parse(request.get("architectureSpec").toString());
      } else if (request.hasNonNull("architecture")) {
        spec = Presets.load(request.get("architecture").asText());
      } else {
        return error("send {\"architecture\": name} or {\"architectureSpec\": {...}}", null);
      }
      ModelSummary summary = ModelSummary.of(spec, classes);
      new ModelLimits(config.maxModelParams(), config.maxActivationBytes())
          .check(summary, batchSize);
      return Response.ok(
              new Summary(
                  summary.toText(),
                  summary.totalParams(),
                  summary.trainableParams(),
                  summary.nonTrainableParams(),
                  summary.output().toString()))
          .build();
    } catch (SpecException e) {
      return error(e.getMessage(), "architectureSpec");
    } catch (IllegalArgumentException e) {
      return error(e.getMessage(), "architecture");
    }
  }

  /** The field's value, {@code otherwise} when absent, null when it is no int of at least 1. */
  private static Integer positiveInt(JsonNode request, String field, int otherwise) {
    JsonNode value = request.get(field);
    if (value == null || value.isNull()) {
      return otherwise;
    }
    return value.isInt() && value.intValue() >= 1 ? value.intValue() : null;
  }

  private static Response error(String message, String field) {
    return Response.status(400)
        .type(MediaType.APPLICATION_JSON)
        .entity(new ErrorBody(message, field))
        .build();
  }
}
