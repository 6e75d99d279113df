package dev.stride.console.api;

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

  @POST
  @Consumes(MediaType.WILDCARD)
  @Produces(MediaType.APPLICATION_JSON)
  public Response predict(
      byte[] picture, @HeaderParam("Content-Type") String contentType, @RestQuery Integer top) {
    return forwarder.predict(picture, contentType, top);
  }
}
