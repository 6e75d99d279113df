package dev.stride.predictor.api;

import dev.stride.predictor.inference.InferenceService;
import jakarta.inject.Inject;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses a prediction at once while the batcher's queue is full, on the event loop, before its
 * body is read or a worker thread decodes it: under overload the refusal is what must stay cheap. A
 * request let through may still be refused by the batcher if its pictures do not fit.
 */
public class Admission {

  @Inject InferenceService inference;

  @ServerRequestFilter(nonBlocking = true, priority = Priorities.USER)
  public Response admit(ContainerRequestContext request) {
    if (!HttpMethod.POST.equals(request.getMethod()) || !inference.full()) {
      return null;
    }
    String path = request.getUriInfo().getPath();
    if (!path.equals("/api/v1/predict") && !path.endsWith("/infer")) {
      return null;
    }
    return Response.fromResponse(
            ErrorMapper.response(
                429,
                "overloaded: all "
                    + inference.maxQueued()
                    + " picture slots are taken; retry shortly"))
        .header("Retry-After", 1)
        .build();
  }
}
