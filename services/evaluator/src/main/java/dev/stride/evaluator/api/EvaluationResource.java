package dev.stride.evaluator.api;

import dev.stride.contracts.ObjectKeys;
import dev.stride.contracts.api.Promotion;
import dev.stride.contracts.events.Ids;
import dev.stride.contracts.objects.EvaluationReport;
import dev.stride.contracts.objects.ModelHistory;
import dev.stride.contracts.objects.ModelPointer;
import dev.stride.evaluator.registry.ModelRegistry;
import dev.stride.evaluator.registry.RegistryException;
import dev.stride.storage.ObjectStore;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * Reports and the model registry over REST. Model names and run ids follow the contracts' one rule
 * for ids ({@link Ids}): anything else is a 400 naming the field, before it reaches the store.
 * Promotions and rollbacks need role {@code control} when API keys are on (ApiKeyFilter).
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class EvaluationResource {

  @Inject ObjectStore store;
  @Inject ModelRegistry registry;

  @GET
  @Path("/runs/{runId}/evaluation")
  public EvaluationReport evaluation(@PathParam("runId") String runId) {
    Ids.check(runId, "runId");
    return store
        .findJson(ObjectKeys.evaluationReport(runId), EvaluationReport.class)
        .orElseThrow(() -> new NotFoundException("run " + runId + " has no evaluation"));
  }

  @GET
  @Path("/models/{name}")
  public ModelPointer model(@PathParam("name") String name) {
    Ids.check(name, "modelName");
    return registry
        .current(name)
        .orElseThrow(() -> new NotFoundException("no run is promoted under " + name));
  }

  @GET
  @Path("/models/{name}/history")
  public ModelHistory history(@PathParam("name") String name) {
    return registry.history(Ids.check(name, "modelName"));
  }

  @POST
  @Path("/models/{name}/promote")
  @Consumes(MediaType.APPLICATION_JSON)
  public ModelPointer promote(@PathParam("name") String name, Promotion promotion)
      throws RegistryException {
    Ids.check(name, "modelName");
    if (promotion == null) {
      throw new RegistryException(400, "runId is required");
    }
    return registry.promote(
        name,
        Ids.check(promotion.runId(), "runId"),
        promotion.checkpoint() == null ? EvaluationReport.BEST : promotion.checkpoint());
  }

  /** Back to the entry the current one replaced, or with {@code ?to=<runId>} to that run's. */
  @POST
  @Path("/models/{name}/rollback")
  public ModelPointer rollback(@PathParam("name") String name, @QueryParam("to") String toRunId)
      throws RegistryException {
    Ids.check(name, "modelName");
    return registry.rollback(name, toRunId == null ? null : Ids.check(toRunId, "to"));
  }
}
