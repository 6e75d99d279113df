package dev.stride.console.api;

import dev.stride.auth.ApiKeys;
import dev.stride.contracts.api.ErrorBody;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Who the pages are signed in as: whether actions need a key, and the roles of the key the page
 * sends. The pages keep a person's key in the tab's {@code sessionStorage} and send it as {@code
 * X-API-Key} (see README, "Console"): this is how they check a key before keeping it, and what they
 * show beside the sign-in field.
 */
@Path("/api/v1/session")
@Produces(MediaType.APPLICATION_JSON)
public class SessionResource {

  /** Keys on or off; signed in or not; the key's roles, sorted. */
  public record Session(boolean authEnabled, boolean signedIn, List<String> roles) {}

  @Inject ApiKeyFilter filter;

  /**
   * @return 200 with the session, or 401 for a key that is no key of the console's
   */
  @GET
  public Response session(
      @HeaderParam("Authorization") String authorization, @HeaderParam("X-API-Key") String apiKey) {
    if (!filter.enabled()) {
      return Response.ok(new Session(false, false, List.of())).build();
    }
    Optional<String> key = ApiKeys.presented(authorization, apiKey);
    if (key.isEmpty()) {
      return Response.ok(new Session(true, false, List.of())).build();
    }
    Optional<Set<String>> roles = filter.roles(key.get());
    if (roles.isEmpty()) {
      return Response.status(Response.Status.UNAUTHORIZED)
          .entity(new ErrorBody("the API key is not recognised", null))
          .build();
    }
    return Response.ok(new Session(true, true, roles.get().stream().sorted().toList())).build();
  }
}
