package dev.stride.predictor.api;

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
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * API keys, when enabled: {@code /api/v1/*} and {@code /v2/models/*} need a key sent as {@code
 * Authorization: Bearer <key>} or {@code X-API-Key: <key>}; reading needs role {@code read},
 * classifying needs {@code predict} (which includes read). No key or an unknown key gets 401, a key
 * without the role 403. Health, metrics, OpenAPI and {@code /v2}, {@code /v2/health/*} stay open
 * for probes. Keys are compared by their SHA-256 digests, in constant time.
 */
@ApplicationScoped
public class ApiKeys {

  static final String PREDICT = "predict";
  static final String READ = "read";

  @Inject PredictorConfig config;

  private boolean enabled;
  private final Map<String, Set<String>> rolesByDigest = new LinkedHashMap<>();

  /** A wrong key list stops the service at start-up rather than at its first request. */
  void onStart(@Observes StartupEvent event) {
    rolesByDigest.size();
  }

  @PostConstruct
  void parse() {
    this.enabled = config.auth().enabled();
    for (String entry : config.auth().apiKeys().orElse(List.of())) {
      int colon = entry.lastIndexOf(':');
      if (colon <= 0 || colon == entry.length() - 1) {
        throw new IllegalArgumentException(
            "predictor.auth.api-keys entries are key:role[+role]; one is not");
      }
      String key = entry.substring(0, colon).trim();
      Set<String> roles = Set.of(entry.substring(colon + 1).trim().split("\\+"));
      for (String role : roles) {
        if (!role.equals(PREDICT) && !role.equals(READ)) {
          throw new IllegalArgumentException(
              "predictor.auth.api-keys: unknown role '" + role + "'; use read or predict");
        }
      }
      String digest = key.startsWith("sha256:") ? key.substring(7).toLowerCase() : sha256(key);
      rolesByDigest.put(digest, roles);
    }
    if (enabled && rolesByDigest.isEmpty()) {
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
    String key = presented(request);
    if (key == null) {
      return Response.fromResponse(
              ErrorBody.response(
                  Response.Status.UNAUTHORIZED,
                  "an API key is required: send 'Authorization: Bearer <key>' or 'X-API-Key: <key>'"))
          .header("WWW-Authenticate", "Bearer")
          .build();
    }
    Set<String> roles = roles(key);
    if (roles == null) {
      return Response.fromResponse(
              ErrorBody.response(Response.Status.UNAUTHORIZED, "the API key is not recognised"))
          .header("WWW-Authenticate", "Bearer error=\"invalid_token\"")
          .build();
    }
    if (!roles.contains(needed) && !(needed.equals(READ) && roles.contains(PREDICT))) {
      return ErrorBody.response(
          Response.Status.FORBIDDEN, "this API key lacks the '" + needed + "' role");
    }
    return null;
  }

  private static String presented(ContainerRequestContext request) {
    String authorization = request.getHeaderString("Authorization");
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      String key = authorization.substring(7).trim();
      return key.isEmpty() ? null : key;
    }
    String key = request.getHeaderString("X-API-Key");
    return key == null || key.isBlank() ? null : key.trim();
  }

  private Set<String> roles(String key) {
    byte[] presented = sha256(key).getBytes(StandardCharsets.US_ASCII);
    Set<String> found = null;
    for (Map.Entry<String, Set<String>> entry : rolesByDigest.entrySet()) {
      // every entry is compared, in constant time, so timing tells nothing about the keys
      if (MessageDigest.isEqual(presented, entry.getKey().getBytes(StandardCharsets.US_ASCII))) {
        found = entry.getValue();
      }
    }
    return found;
  }

  static String sha256(String key) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
