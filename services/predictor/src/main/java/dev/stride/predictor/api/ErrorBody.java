package dev.stride.predictor.api;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error answer: {@code {"error": "..."}} with a 4xx or 503 status. */
public record ErrorBody(String error) {

  static Response response(Response.Status status, String message) {
    return response(status.getStatusCode(), message);
  }

  static Response response(int status, String message) {
    return Response.status(status)
        .type(MediaType.APPLICATION_JSON)
        .entity(new ErrorBody(message))
        .build();
  }

  /** Maps the framework's own errors (wrong media type, body too large, 404) the same way. */
  public static class Mapper {

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
      return response(e.getResponse().getStatus(), e.getMessage());
    }
  }
}
