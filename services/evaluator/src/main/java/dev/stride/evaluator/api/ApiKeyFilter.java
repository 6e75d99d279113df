package dev.stride.evaluator.api;

import dev.stride.auth.ApiKeys;
import dev.stride.evaluator.EvaluatorConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * API keys, when enabled, on the registry's changes: every {@code POST} under {@code /api/}
 * (promote, rollback) needs role {@code control}, as the console's actions do. Reads (reports, the
 * current model, its history), health, metrics and OpenAPI stay open. No key or an unknown key gets
 * 401 with a challenge, a key without the role 403; the keys are libs/auth's {@link ApiKeys}.
 */
@ApplicationScoped
public class ApiKeyFilter {

  static final String CONTROL = "control";
  // the console's roles, so one key list serves both (the console forwards its caller's key);
  // predict grants nothing here
  private static final Map<String, Set<String>> ROLES =
      Map.of(CONTROL, Set.of(), "predict", Set.of());

  @Inject EvaluatorConfig config;

  private ApiKeys keys;

  /** A wrong key list stops the service at start-up rather than at its first request. */
  void onStart(@Observes StartupEvent event) {
    keys.isEmpty();
  }

  @PostConstruct
  void parse() {
    keys =
        ApiKeys.parse("evaluator.auth.api-keys", config.auth().apiKeys().orElse(List.of()), ROLES);
    if (config.auth().enabled() && keys.isEmpty()) {
      throw new IllegalArgumentException(
          "evaluator.auth.enabled is true but evaluator.auth.api-keys names no key");
    }
  }

  @ServerRequestFilter
  public Response check(ContainerRequestContext request) {
    boolean change =
        HttpMethod.POST.equals(request.getMethod())
            && request.getUriInfo().getPath().startsWith("/api/");
    if (!config.auth().enabled() || !change) {
      return null;
    }
    return keys.check(
            request.getHeaderString("Authorization"), request.getHeaderString("X-API-Key"), CONTROL)
        .map(
            refusal ->
                refusal.challenge() == null
                    ? ErrorMapper.error(refusal.status(), refusal.error())
                    : Response.fromResponse(ErrorMapper.error(refusal.status(), refusal.error()))
                        .header("WWW-Authenticate", refusal.challenge())
                        .build())
        .orElse(null);
  }
}
