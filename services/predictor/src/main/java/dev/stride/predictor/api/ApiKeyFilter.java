package dev.stride.predictor.api;

import dev.stride.auth.ApiKeys;
import dev.stride.predictor.PredictorConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * API keys, when enabled: {@code /api/v1/*} and {@code /v2/models/*} need a key sent as {@code
 * Authorization: Bearer <key>} or {@code X-API-Key: <key>}; reading needs role {@code read},
 * classifying needs {@code predict} (which includes read). No key or an unknown key gets 401, a key
 * without the role 403. Health, metrics, OpenAPI and {@code /v2}, {@code /v2/health/*} stay open
 * for probes. The keys themselves are libs/auth's {@link ApiKeys}.
 */
@ApplicationScoped
public class ApiKeyFilter {

  static final String PREDICT = "predict";
  static final String READ = "read";
  private static final Map<String, Set<String>> ROLES =
      Map.of(READ, Set.of(), PREDICT, Set.of(READ));

  @Inject PredictorConfig config;

  private boolean enabled;
  private ApiKeys keys;

  /** A wrong key list stops the service at start-up rather than at its first request. */
  void onStart(@Observes StartupEvent event) {
    keys.isEmpty();
  }

  @PostConstruct
  void parse() {
    this.enabled = config.auth().enabled();
    this.keys =
        ApiKeys.parse("predictor.auth.api-keys", config.auth().apiKeys().orElse(List.of()), ROLES);
    if (enabled && keys.isEmpty()) {
      throw new IllegalArgumentException(
          "predictor.auth.enabled is true but predictor.auth.api-keys names no key");
    }
  }

  // on the event loop and first: a refused key costs no worker thread, and is told so before 429
  @ServerRequestFilter(nonBlocking = true, priority = Priorities.AUTHENTICATION)
  public Response check(ContainerRequestContext request) {
    if (!enabled) {
      return null;
    }
    String path = request.getUriInfo().getPath();
    if (!path.startsWith("/api/") && !path.startsWith("/v2/models")) {
      return null;
    }
    String needed =
        HttpMethod.GET.equals(request.getMethod()) || HttpMethod.HEAD.equals(request.getMethod())
            ? READ
            : PREDICT;
    return keys.check(
            request.getHeaderString("Authorization"), request.getHeaderString("X-API-Key"), needed)
        .map(
            refusal -> {
              Response.ResponseBuilder answer =
                  Response.fromResponse(ErrorMapper.response(refusal.status(), refusal.error()));
              if (refusal.challenge() != null) {
                answer.header("WWW-Authenticate", refusal.challenge());
              }
              return answer.build();
            })
        .orElse(null);
  }
}
