package dev.stride.console.api;

import dev.stride.console.control.InvalidRequestException;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestQuery;

/** The predict page's picture, forwarded to the predictor; its answer (or refusal) comes back. */
@Path("/api/v1/predict")
public class PredictResource {

  @Inject Forwarder forwarder;

  /**
   * @param top read here rather than by the framework, which answers 404 for {@code ?top=abc}
   */
  @POST
  @Consumes(MediaType.WILDCARD)
  @Produces(MediaType.APPLICATION_JSON)
  public Response predict(
      byte[] picture, @HeaderParam("Content-Type") String contentType, @RestQuery String top)
      throws InvalidRequestException {
    return forwarder.predict(picture, printable(contentType), top == null ? null : topK(top));
  }

  private static int topK(String top) throws InvalidRequestException {
    try {
      return Integer.parseInt(top.strip());
    } catch (NumberFormatException e) {
      throw new InvalidRequestException("top", "top must be a whole number, got '" + top + "'");
    }
  }

  /**
   * A header is ASCII; the HTTP client would send another byte as '?', so such a type is refused
   * here, naming it, rather than forwarded altered.
   */
  private static String printable(String contentType) throws InvalidRequestException {
    if (contentType != null && !contentType.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
      String shown =
          contentType
              .chars()
              .mapToObj(
                  c ->
                      c >= 0x20 && c < 0x7f
                          ? String.valueOf((char) c)
                          : String.format("\\x%02X", c))
              .reduce("", String::concat);
      throw new InvalidRequestException(
          "Content-Type",
          "Content-Type '"
              + shown
              + "' holds a byte that is not printable ASCII; send image/png, image/jpeg,"
              + " image/gif, image/bmp, application/octet-stream or multipart/form-data");
    }
    return contentType;
  }
}
