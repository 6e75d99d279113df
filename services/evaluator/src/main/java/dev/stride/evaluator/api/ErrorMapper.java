package dev.stride.evaluator.api;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Errors as {@code {"error": "..."}} with their status. */
public class ErrorMapper {

  @ServerExceptionMapper
  public Response web(WebApplicationException e) {
    return Response.status(e.getResponse().getStatus())
        .type(MediaType.APPLICATION_JSON)
        .entity(Map.of("error", e.getMessage()))
        .build();
  }
}
