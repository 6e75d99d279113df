package dev.stride.console.api;

import dev.stride.console.registry.DatasetView;
import dev.stride.console.registry.RunRegistry;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** The ingested datasets, by id. */
@Path("/api/v1/datasets")
@Produces(MediaType.APPLICATION_JSON)
public class DatasetsResource {

  @Inject RunRegistry registry;
  @Inject Forwarder forwarder;

  /** Ingests a dataset: the request is the ingestion service's, forwarded to it as it is. */
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response ingest(byte[] request) {
    return forwarder.ingest(request);
  }

  @GET
  public List<DatasetView> datasets() {
    return registry.datasets();
  }
}
