package dev.stride.ingestion.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.stride.contracts.api.ErrorBody;
import dev.stride.ingestion.ingest.IngestException;
import dev.stride.storage.StorageException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Maps failures to a status and {@code {"error": "..."}} once, for every resource. */
public class ErrorMapper {

  private static final Logger LOG = Logger.getLogger(ErrorMapper.class);

  /** A record's constructor refused a field: the message names it. */
  @ServerExceptionMapper
  public Response invalidField(ValueInstantiationException e) {
    Throwable cause = e.getCause() != null ? e.getCause() : e;
    return error(Response.Status.BAD_REQUEST, cause.getMessage());
  }

  @ServerExceptionMapper
  public Response malformedJson(JsonProcessingException e) {
    return error(Response.Status.BAD_REQUEST, "malformed JSON: " + e.getOriginalMessage());
  }

  @ServerExceptionMapper
  public Response invalidArgument(IllegalArgumentException e) {
    return error(Response.Status.BAD_REQUEST, e.getMessage());
  }

  /** Also what the JSON reader throws for a body it cannot bind: the cause says why. */
  @ServerExceptionMapper
  public Response web(WebApplicationException e) {
    if (e.getCause() instanceof ValueInstantiationException invalid) {
      return invalidField(invalid);
    }
    if (e.getCause() instanceof JsonProcessingException malformed) {
      return malformedJson(malformed);
    }
    return error(e.getResponse().getStatus(), e.getMessage());
  }

  /** A problem with what was sent: its own status (400, 413, 415 or 422) and message. */
  @ServerExceptionMapper
  public Response ingest(IngestException e) {
    return error(e.status(), e.getMessage());
  }

  /** The store's own words (bucket, keys, its error) go to the log, not to the caller. */
  @ServerExceptionMapper
  public Response storage(StorageException e) {
    LOG.errorf("object store: %s", e.getMessage());
    return error(Response.Status.SERVICE_UNAVAILABLE, "the object store failed; try again later");
  }

  static Response error(Response.Status status, String message) {
    return error(status.getStatusCode(), message);
  }

  /** Any status, 422 included (JAX-RS's Status enum has no 422). */
  static Response error(int status, String message) {
    return Response.status(status)
        .type(MediaType.APPLICATION_JSON)
        .entity(new ErrorBody(message))
        .build();
  }
}
