package dev.stride.console.api;

import dev.stride.auth.ApiKeys;
import dev.stride.console.ConsoleConfig;
import dev.stride.contracts.api.ErrorBody;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * API keys, when enabled, on the control API's actions: {@code POST /api/v1/predict} needs role
 * {@code predict}; every other {@code POST}, {@code PUT} or {@code DELETE} under {@code /api/}
 * (runs, cancels, promotions, sweeps, dataset ingests) needs {@code control}. The layer-spec check
 * {@code POST /api/v1/architectures/summary} changes nothing and stays open, like every read (runs,
 * datasets, objects, the run stream), the pages, health and metrics: the console is a view of the
 * system, and what it shows is not secret where it is deployed. No key or an unknown key gets 401,
 * a key without the role 403; the keys are libs/auth's {@link ApiKeys}.
 */
@ApplicationScoped
public class ApiKeyFilter {

  static final String CONTROL = "control";
  static final String PREDICT = "predict";
  private static final Map<String, Set<String>> ROLES =
      Map.of(CONTROL, Set.of(), PREDICT, Set.of());
  private static final Set<String> OPEN_ACTIONS = Set.of("/api/v1/architectures/summary");

  @Inject ConsoleConfig config;

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
        ApiKeys.parse("console.auth.api-keys", config.auth().apiKeys().orElse(List.of()), ROLES);
    if (enabled && keys.isEmpty()) {
      throw new IllegalArgumentException(
          "console.auth.enabled is true but console.auth.api-keys names no key");
    }
  }

  @ServerRequestFilter
  public Response check(ContainerRequestContext request) {
    if (!enabled) {
      return null;
    }
    return needed(request.getMethod(), request.getUriInfo().getPath())
        .flatMap(
            role ->
                keys.check(
                    request.getHeaderString("Authorization"),
                    request.getHeaderString("X-API-Key"),
                    role))
        .map(
            refusal -> {
              Response.ResponseBuilder answer =
                  Response.status(refusal.status())
                      .type(MediaType.APPLICATION_JSON)
                      .entity(new ErrorBody(refusal.error(), null));
              if (refusal.challenge() != null) {
                answer.header("WWW-Authenticate", refusal.challenge());
              }
              return answer.build();
            })
        .orElse(null);
  }

  /** Whether actions need keys. */
  boolean enabled() {
    return enabled;
  }

  /** The roles of the key a request with these headers presents; empty for an unknown key. */
  Optional<Set<String>> roles(String key) {
    return keys.roles(key);
  }

  /** The role a request needs, or empty if it is open. */
  private static Optional<String> needed(String method, String path) {
    boolean read =
        HttpMethod.GET.equals(method)
            || HttpMethod.HEAD.equals(method)
            || HttpMethod.OPTIONS.equals(method);
    if (read || !path.startsWith("/api/") || OPEN_ACTIONS.contains(path)) {
      return Optional.empty();
    }
    return Optional.of(path.equals("/api/v1/predict") ? PREDICT : CONTROL);
  }
}
