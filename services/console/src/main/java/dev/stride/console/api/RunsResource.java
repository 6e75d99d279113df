package dev.stride.console.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stride.console.ConsoleConfig;
import dev.stride.console.control.ControlPublisher;
import dev.stride.console.control.InvalidRequestException;
import dev.stride.console.control.RunRequests;
import dev.stride.console.registry.RunChange;
import dev.stride.console.registry.RunRegistry;
import dev.stride.console.registry.RunView;
import dev.stride.contracts.events.RunCancelRequested;
import dev.stride.contracts.events.RunRequested;
import io.smallrye.mutiny.Multi;
import jakarta.inject.Inject;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.util.List;

/**
 * Runs over REST: the registry's view of them, a live stream per run, and the commands that start
 * and stop them. A command is answered 202 once the broker has it; the registry shows its effect
 * when the events come back.
 */
@Path("/api/v1/runs")
@Produces(MediaType.APPLICATION_JSON)
public class RunsResource {

  static final String DEFAULT_CANCEL_REASON = "cancelled from the console";

  @Inject RunRegistry registry;
  @Inject ControlPublisher publisher;
  @Inject ConsoleConfig config;
  @Inject Forwarder forwarder;

  /** Answer to an accepted command. */
  public record Accepted(String runId) {}

  /** Optional body of a cancel. */
  public record Cancel(String reason) {}

  /** Newest first. */
  @GET
  public List<RunView> runs() {
    return registry.runs();
  }

  @GET
  @Path("/{runId}")
  public RunView run(@PathParam("runId") String runId) {
    return registry.run(runId).orElseThrow(() -> new NotFoundException("no run " + runId));
  }

  /**
   * Server-sent events: first the run as it is ({@code state}, if it is known yet: a run just
   * submitted may not be), then one event per change, named after the event that made it (progress,
   * epoch, completed, ...), with the run's new state as JSON. Between changes, a {@code :
   * keep-alive} comment every {@code console.stream-heartbeat} keeps idle connections open.
   */
  @GET
  @Path("/{runId}/stream")
  @Produces(MediaType.SERVER_SENT_EVENTS)
  public Multi<OutboundSseEvent> stream(@PathParam("runId") String runId, @Context Sse sse) {
    Multi<OutboundSseEvent> changes =
        Multi.createFrom()
            .emitter(
                emitter -> {
                  Runnable stop =
                      registry.subscribe(runId, change -> emitter.emit(event(sse, change)));
                  emitter.onTermination(stop);
                });
    Multi<OutboundSseEvent> heartbeats =
        Multi.createFrom()
            .ticks()
            .every(config.streamHeartbeat())
            .onOverflow()
            .drop()
            .map(tick -> sse.newEventBuilder().comment("keep-alive").build());
    return Multi.createBy().merging().streams(changes, heartbeats);
  }

  /** Body: a RunRequested as JSON; {@code runId} is generated when absent. */
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response submit(JsonNode body) throws InvalidRequestException {
    RunRequested request = RunRequests.parse(body);
    publisher.publish(request);
    return Response.accepted(new Accepted(request.runId())).build();
  }

  /** Asks the trainer to stop the run (it keeps its latest checkpoint), with the default reason. */
  @POST
  @Path("/{runId}/cancel")
  public Response cancel(@PathParam("runId") String runId) {
    return cancel(runId, null);
  }

  /** As {@link #cancel(String)}, with a body {@code {"reason": "..."}}. */
  @POST
  @Path("/{runId}/cancel")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response cancel(@PathParam("runId") String runId, Cancel body) {
    RunView run = run(runId);
    if (run.ended()) {
      throw new ClientErrorException(
          "run " + runId + " has already ended: " + run.status(), Response.Status.CONFLICT);
    }
    String reason =
        body != null && body.reason() != null && !body.reason().isBlank()
            ? body.reason()
            : DEFAULT_CANCEL_REASON;
    publisher.publish(new RunCancelRequested(runId, reason));
    return Response.accepted(new Accepted(runId)).build();
  }

  /**
   * Makes a completed run the one its model name serves: the evaluator's registry changes (it
   * checks the run's checkpoint) and the predictor follows its model-promoted event.
   */
  @POST
  @Path("/{runId}/promote")
  public Response promote(
      @PathParam("runId") String runId,
      @HeaderParam("Authorization") String authorization,
      @HeaderParam("X-API-Key") String apiKey) {
    RunView run = run(runId);
    if (!RunView.COMPLETED.equals(run.status())) {
      throw new ClientErrorException(
          "run " + runId + " is " + run.status() + "; only a completed run can be promoted",
          Response.Status.CONFLICT);
    }
    if (run.testAccuracy() == null) {
      throw new ClientErrorException(
          "run " + runId + " has no test evaluation yet; promote it once it is evaluated",
          Response.Status.CONFLICT);
    }
    String model = run.modelName() == null ? "cifar10" : run.modelName();
    return forwarder.promote(model, runId, authorization, apiKey);
  }

  private static OutboundSseEvent event(Sse sse, RunChange change) {
    return sse.newEventBuilder()
        .name(change.kind())
        .mediaType(MediaType.APPLICATION_JSON_TYPE)
        .data(RunView.class, change.run())
        .build();
  }
}
