package dev.stride.evaluator.api;

import dev.stride.contracts.ObjectKeys;
import dev.stride.contracts.objects.EvaluationReport;
import dev.stride.contracts.objects.ModelPointer;
import dev.stride.evaluator.registry.ModelRegistry;
import dev.stride.storage.ObjectStore;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Reports and the registry over REST. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class EvaluationResource {

  @Inject ObjectStore store;
  @Inject ModelRegistry registry;

  @GET
  @Path("/runs/{runId}/evaluation")
  public EvaluationReport evaluation(@PathParam("runId") String runId) {
    return store
        .findJson(ObjectKeys.evaluationReport(runId), EvaluationReport.class)
        .orElseThrow(() -> new NotFoundException("run " + runId + " has no evaluation"));
  }

  @GET
  @Path("/models/{name}")
  public ModelPointer model(@PathParam("name") String name) {
    return registry
        .current(name)
        .orElseThrow(() -> new NotFoundException("no run is promoted under " + name));
  }
}
