package dev.stride.console.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stride.console.ConsoleConfig;
import dev.stride.console.control.ControlPublisher;
import dev.stride.console.control.InvalidRequestException;
import dev.stride.console.control.Sweep;
import dev.stride.contracts.events.RunRequested;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** Grid searches: one request per point of the grid, all checked before any is published. */
@Path("/api/v1/sweeps")
@Produces(MediaType.APPLICATION_JSON)
public class SweepsResource {

  @Inject ConsoleConfig config;
  @Inject ControlPublisher publisher;

  /** Answer to an accepted sweep: its runs, in grid order. */
  public record Accepted(List<String> runIds) {}

  /** Body: {@code {"base": <RunRequested>, "grid": {"<hyperparameter>": [values...]}}}. */
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response sweep(JsonNode body) throws InvalidRequestException {
    List<RunRequested> requests = Sweep.expand(body, config.maxSweepRuns());
    requests.forEach(publisher::publish);
    return Response.accepted(new Accepted(requests.stream().map(RunRequested::runId).toList()))
        .build();
  }
}
