package dev.stride.client;

import dev.stride.contracts.api.ErrorBody;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpRequest;

/**
 * A call that did not succeed: either the service answered with a 4xx or 5xx status and its {@link
 * ErrorBody}, or no answer came (the service could not be reached, the connection broke, the wait
 * was interrupted), and then {@link #status()} is 0 and the cause says why.
 */
public class StrideClientException extends RuntimeException {

  private final String method;
  private final URI uri;
  private final int status;
  private final transient ErrorBody error;

  private StrideClientException(
      String message, HttpRequest request, int status, ErrorBody error, Throwable cause) {
    super(message, cause);
    this.method = request.method();
    this.uri = request.uri();
    this.status = status;
    this.error = error;
  }

  /** {@code POST /api/v1/runs → 400: <error>} */
  static StrideClientException failed(HttpRequest request, int status, ErrorBody error) {
    String message =
        request.method() + " " + request.uri().getPath() + " → " + status + ": " + error.error();
    return new StrideClientException(message, request, status, error, null);
  }

  /** {@code cannot reach http://host:port} when the connection was refused, else what failed. */
  static StrideClientException unanswered(HttpRequest request, IOException cause) {
    URI uri = request.uri();
    String message =
        cause instanceof ConnectException
            ? "cannot reach " + uri.getScheme() + "://" + uri.getAuthority()
            : uri + ": " + cause.getMessage();
    return new StrideClientException(message, request, 0, null, cause);
  }

  static StrideClientException interrupted(HttpRequest request, InterruptedException cause) {
    return new StrideClientException("interrupted", request, 0, null, cause);
  }

  public String method() {
    return method;
  }

  public URI uri() {
    return uri;
  }

  /** The HTTP status the service answered, or 0 when no answer came. */
  public int status() {
    return status;
  }

  /** What the service said was wrong, or null when no answer came. */
  public ErrorBody error() {
    return error;
  }

  public boolean answered() {
    return status != 0;
  }

  /** Nothing listens at the address (connection refused): the service is not up. */
  public boolean unreachable() {
    return getCause() instanceof ConnectException;
  }

  public boolean interrupted() {
    return getCause() instanceof InterruptedException;
  }
}
