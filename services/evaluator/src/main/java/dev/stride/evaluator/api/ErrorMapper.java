package dev.stride.evaluator.api;

import dev.stride.contracts.api.ErrorBody;
import dev.stride.contracts.events.InvalidFieldException;
import dev.stride.evaluator.registry.RegistryException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Errors as {@code {"error": "..."}} with their status. */
public class ErrorMapper {

  @ServerExceptionMapper
  public Response web(WebApplicationException e) {
    return error(e.getResponse().getStatus(), e.getMessage());
  }

  @ServerExceptionMapper
  public Response registry(RegistryException e) {
    return error(e.status(), e.getMessage());
  }

  /** A name, run id or field the API refuses: 400 naming the field. */
  @ServerExceptionMapper
  public Response invalid(InvalidFieldException e) {
    return Response.status(400)
        .type(MediaType.APPLICATION_JSON)
        .entity(new ErrorBody(e.getMessage(), e.field()))
        .build();
  }

  static Response error(int status, String message) {
    return Response.status(status)
        .type(MediaType.APPLICATION_JSON)
        .entity(new ErrorBody(message))
        .build();
  }
}
