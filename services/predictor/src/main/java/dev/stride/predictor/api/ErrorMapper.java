package dev.stride.predictor.api;

import dev.stride.contracts.api.ErrorBody;
import dev.stride.predictor.inference.BusyException;
import dev.stride.predictor.inference.OverloadedException;
import dev.stride.predictor.model.NoModelException;
import dev.stride.predictor.v2.MalformedTensorException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Maps the errors of every resource, and the framework's own (media type, 404...), to a 4xx or 503
 * status and {@code {"error": "..."}} once.
 */
public class ErrorMapper {

  static Response response(Response.Status status, String message) {
    return response(status.getStatusCode(), message);
  }

  static Response response(int status, String message) {
    return Response.status(status)
        .type(MediaType.APPLICATION_JSON)
        .entity(new ErrorBody(message))
        .build();
  }

  @ServerExceptionMapper
  public Response web(WebApplicationException e) {
    return response(e.getResponse().getStatus(), e.getMessage());
  }

  @ServerExceptionMapper
  public Response noModel(NoModelException e) {
    return response(Response.Status.SERVICE_UNAVAILABLE, e.getMessage());
  }

  /** The queue is full: 429 at once, so the client backs off instead of timing out. */
  @ServerExceptionMapper
  public Response overloaded(OverloadedException e) {
    return Response.fromResponse(response(429, e.getMessage())).header("Retry-After", 1).build();
  }

  @ServerExceptionMapper
  public Response busy(BusyException e) {
    return Response.fromResponse(response(Response.Status.SERVICE_UNAVAILABLE, e.getMessage()))
        .header("Retry-After", 1)
        .build();
  }

  @ServerExceptionMapper
  public Response tooMany(RequestTooLargeException e) {
    return response(Response.Status.REQUEST_ENTITY_TOO_LARGE, e.getMessage());
  }

  @ServerExceptionMapper
  public Response malformed(MalformedTensorException e) {
    return Response.status(Response.Status.BAD_REQUEST)
        .type(MediaType.APPLICATION_JSON)
        .entity(new ErrorBody(e.getMessage(), e.field()))
        .build();
  }

  /** Anything unforeseen: logged, answered with 500 and a message, the service carries on. */
  @ServerExceptionMapper
  public Response unexpected(RuntimeException e) {
    Logger.getLogger(ErrorMapper.class).error("request failed", e);
    return response(500, "internal error: " + e.getMessage());
  }

  @ServerExceptionMapper
  public Response notServed(ModelNotFoundException e) {
    return response(Response.Status.NOT_FOUND, e.getMessage());
  }
}
