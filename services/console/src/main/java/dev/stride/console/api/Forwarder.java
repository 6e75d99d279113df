package dev.stride.console.api;

import dev.stride.client.StrideClient;
import dev.stride.client.StrideClientException;
import dev.stride.console.ConsoleConfig;
import dev.stride.contracts.api.ErrorBody;
import dev.stride.contracts.api.Promotion;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.time.Duration;

/**
 * Forwards a request from the UI to another Stride service and hands back its answer as it is
 * (status, JSON body): the UI talks to the console only. A service that cannot be reached is 502.
 */
@ApplicationScoped
public class Forwarder {

  @Inject ConsoleConfig config;

  private final StrideClient client =
      StrideClient.builder().optRequestTimeout(Duration.ofSeconds(60)).build();

  /** A picture for the predictor, with the Content-Type it came with. */
  public Response predict(byte[] picture, String contentType, Integer top) {
    return forward(
        client.predictRequest(
            config.predictorUrl(),
            BodyPublishers.ofByteArray(orEmpty(picture)),
            contentType == null ? MediaType.APPLICATION_OCTET_STREAM : contentType,
            top));
  }

  /** An ingest request for the ingestion service, as the UI wrote it. */
  public Response ingest(byte[] request) {
    return forward(client.ingestRequest(config.ingestionUrl(), orEmpty(request)));
  }

  /**
   * A promotion of the run's best checkpoint, for the evaluator's registry. The caller's key
   * headers go with it (either may be null): with keys on, the evaluator asks for role control from
   * the same key list as the console.
   */
  public Response promote(String modelName, String runId, String authorization, String apiKey) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(
            client.promoteRequest(config.evaluatorUrl(), modelName, new Promotion(runId, null)),
            (name, value) -> true);
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    if (apiKey != null) {
      request.header("X-API-Key", apiKey);
    }
    return forward(request.build());
  }

  private Response forward(HttpRequest request) {
    try {
      StrideClient.Answer answer = client.exchange(request);
      return Response.status(answer.status())
          .type(answer.contentType() == null ? MediaType.APPLICATION_JSON : answer.contentType())
          .entity(answer.body())
          .build();
    } catch (StrideClientException e) {
      if (e.interrupted()) {
        return Response.status(503).entity(new ErrorBody("interrupted")).build();
      }
      return Response.status(502)
          .type(MediaType.APPLICATION_JSON)
          .entity(new ErrorBody("cannot reach " + e.uri().getAuthority() + ": " + e.getCause()))
          .build();
    }
  }

  private static byte[] orEmpty(byte[] body) {
    return body == null ? new byte[0] : body;
  }
}
