package dev.stride.console.api;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.stride.storage.ObjectNotFoundException;
import dev.stride.storage.ObjectStore;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.util.Arrays;
import java.util.Map;

/**
 * The run and dataset pictures and documents the UI shows, read from the object store. Only keys
 * under {@code runs/} and {@code datasets/} with a picture or document extension are served: not
 * the model registry, not uploads, not shards.
 */
@Path("/api/v1/objects")
public class ObjectsResource {

  static final Map<String, String> TYPES =
      Map.of(
          "png", "image/png",
          "svg", "image/svg+xml",
          "json", "application/json",
          "txt", "text/plain;charset=UTF-8");

  // an SVG may carry script: opened on its own it must not run in the console's origin
  static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'";

  @Inject ObjectStore store;

  @GET
  @Path("/{key: .+}")
  public Response object(@PathParam("key") String key) {
    // a NUL or line break (%00, %0A) is no key of ours; the store would answer it with its
    // internals
    if (key.chars().anyMatch(Character::isISOControl)) {
      throw new BadRequestException(
          "an object key has no control characters: "
              + new String(JsonStringEncoder.getInstance().quoteAsString(key)));
    }
    if (!(key.startsWith("runs/") || key.startsWith("datasets/"))
        || Arrays.stream(key.split("/", -1))
            .anyMatch(s -> s.isEmpty() || s.equals(".") || s.equals(".."))) {
      throw new ForbiddenException("only objects under runs/ and datasets/ are served: " + key);
    }
    String type = TYPES.get(key.substring(key.lastIndexOf('.') + 1));
    if (type == null) {
      throw new ForbiddenException("only PNG, SVG, JSON and text objects are served: " + key);
    }
    byte[] bytes;
    try {
      bytes = store.get(key);
    } catch (ObjectNotFoundException e) {
      throw new NotFoundException("no object at " + key, e);
    }
    return Response.ok(bytes, type)
        .header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        .header("X-Content-Type-Options", "nosniff")
        .build();
  }
}
