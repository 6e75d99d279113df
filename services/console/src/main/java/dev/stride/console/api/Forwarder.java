package dev.stride.console.api;

import dev.stride.contracts.api.ErrorBody;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Forwards a request from the UI to another Stride service and hands back its answer as it is
 * (status, JSON body): the UI talks to the console only. A service that cannot be reached is 502.
 */
@ApplicationScoped
public class Forwarder {

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  public Response post(String url, String contentType, byte[] body) {
    try {
      HttpResponse<byte[]> answer =
          http.send(
              HttpRequest.newBuilder(URI.create(url))
                  .timeout(Duration.ofSeconds(60))
                  .header(
                      "Content-Type",
                      contentType == null ? MediaType.APPLICATION_OCTET_STREAM : contentType)
                  .POST(HttpRequest.BodyPublishers.ofByteArray(body == null ? new byte[0] : body))
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      return Response.status(answer.statusCode())
          .type(answer.headers().firstValue("Content-Type").orElse(MediaType.APPLICATION_JSON))
          .entity(answer.body())
          .build();
    } catch (IOException e) {
      return Response.status(502)
          .type(MediaType.APPLICATION_JSON)
          .entity(new ErrorBody("cannot reach " + URI.create(url).getAuthority() + ": " + e, null))
          .build();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Response.status(503).entity(new ErrorBody("interrupted", null)).build();
    }
  }
}
