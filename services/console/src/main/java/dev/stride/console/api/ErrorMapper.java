package dev.stride.console.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.stride.console.control.InvalidRequestException;
import dev.stride.contracts.api.ErrorBody;
import dev.stride.storage.StorageException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Maps failures to a status and {@code {"error": "..."}} once, for every resource. */
public class ErrorMapper {

  private static final Logger LOG = Logger.getLogger(ErrorMapper.class);

  @ServerExceptionMapper
  public Response invalidRequest(InvalidRequestException e) {
    return error(Response.Status.BAD_REQUEST.getStatusCode(), e.getMessage(), e.field());
  }

  /** Also what the JSON reader throws for a body that is not JSON: the cause says why. */
  @ServerExceptionMapper
  public Response web(WebApplicationException e) {
    if (e.getCause() instanceof JsonProcessingException malformed) {
      return malformed(malformed);
    }
    return error(e.getResponse().getStatus(), e.getMessage(), null);
  }

  /**
   * A body the JSON reader refuses as a whole: trailing bytes after the value, or a value of the
   * wrong type (see Json.strict). Mapped here because Quarkus' own mapper answers 400 with no body.
   */
  @ServerExceptionMapper
  public Response mismatched(MismatchedInputException e) {
    return malformed(e);
  }

  private static Response malformed(JsonProcessingException e) {
    return error(400, "malformed JSON: " + e.getOriginalMessage(), null);
  }

  /** The store's own words (bucket, keys, its error) go to the log, not to the caller. */
  @ServerExceptionMapper
  public Response storage(StorageException e) {
    LOG.errorf("object store: %s", e.getMessage());
    return error(
        Response.Status.SERVICE_UNAVAILABLE.getStatusCode(),
        "the object store failed; try again later",
        null);
  }

  private static Response error(int status, String message, String field) {
    return Response.status(status)
        .type(MediaType.APPLICATION_JSON)
        .entity(new ErrorBody(message, field))
        .build();
  }
}
