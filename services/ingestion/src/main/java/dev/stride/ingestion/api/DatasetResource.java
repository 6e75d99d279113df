package dev.stride.ingestion.api;

import dev.stride.contracts.ObjectKeys;
import dev.stride.contracts.events.DatasetIngestRequested;
import dev.stride.contracts.events.DatasetSource;
import dev.stride.contracts.objects.DatasetManifest;
import dev.stride.ingestion.ingest.DatasetEventPublisher;
import dev.stride.ingestion.ingest.IngestStatus;
import dev.stride.ingestion.ingest.IngestStatuses;
import dev.stride.storage.ObjectInfo;
import dev.stride.storage.ObjectStore;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Datasets over REST. A POST becomes a {@code dataset.requests} message, exactly what any other
 * producer would send, and is answered 202 as soon as the broker has it; the ingest itself runs on
 * whichever replica consumes it.
 */
@Path("/api/v1/datasets")
@Produces(MediaType.APPLICATION_JSON)
public class DatasetResource {

  @Inject ObjectStore store;
  @Inject IngestStatuses statuses;
  @Inject DatasetEventPublisher events;

  /** Ingest from a URL or a synthetic spec (or an object already in the store). */
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response request(IngestRequest body) {
    if (body == null || body.source() == null) {
      throw new BadRequestException("source is required: one of url, objectKey or synthetic");
    }
    String id = body.datasetId() != null ? body.datasetId() : DatasetIds.of(body.source());
    return accept(new DatasetIngestRequested(id, body.source()));
  }

  /**
   * Ingest an archive sent as the body. It is stored under {@code uploads/} and named by its
   * content hash, so sending the same archive twice yields the same dataset.
   */
  @POST
  @Consumes({"application/gzip", "application/x-gzip", MediaType.APPLICATION_OCTET_STREAM})
  public Response upload(File body, @QueryParam("datasetId") String datasetId) throws IOException {
    if (body == null || body.length() == 0) {
      throw new BadRequestException(
          "the upload is empty; send a CIFAR-10 binary .tar.gz as the body");
    }
    String sha = sha256(body);
    String key = ObjectKeys.upload(sha + ".tar.gz");
    if (!store.exists(key)) {
      store.putFile(key, body.toPath(), "application/gzip");
    }
    String id = datasetId != null ? datasetId : "upload-" + sha.substring(0, 12);
    return accept(new DatasetIngestRequested(id, DatasetSource.ofObject(key)));
  }

  /** Every ingested dataset's manifest. */
  @GET
  public List<DatasetManifest> list() {
    return store.list("datasets/").stream()
        .map(ObjectInfo::key)
        .filter(key -> key.endsWith("/manifest.json"))
        .map(key -> store.getJson(key, DatasetManifest.class))
        .toList();
  }

  @GET
  @Path("/{id}")
  public DatasetStatus get(@PathParam("id") String id) {
    Optional<DatasetManifest> manifest =
        store.findJson(ObjectKeys.datasetManifest(id), DatasetManifest.class);
    if (manifest.isPresent()) {
      return new DatasetStatus(id, "ingested", null, manifest.get());
    }
    IngestStatus status =
        statuses.get(id).orElseThrow(() -> new NotFoundException("no dataset " + id));
    return new DatasetStatus(id, status.state().name().toLowerCase(), status.reason(), null);
  }

  private Response accept(DatasetIngestRequested request) {
    try {
      events.publish(request);
    } catch (RuntimeException e) {
      return Response.status(Response.Status.SERVICE_UNAVAILABLE)
          .entity(
              new ErrorBody(
                  "cannot queue the request: Kafka did not take it (" + e.getMessage() + ")"))
          .build();
    }
    if (statuses.get(request.datasetId()).isEmpty()) {
      statuses.set(request.datasetId(), IngestStatus.State.REQUESTED, null);
    }
    return Response.accepted(new DatasetStatus(request.datasetId(), "requested", null, null))
        .header("Location", "/api/v1/datasets/" + request.datasetId())
        .build();
  }

  private static String sha256(File file) throws IOException {
    try (InputStream in =
        new DigestInputStream(
            Files.newInputStream(file.toPath()), MessageDigest.getInstance("SHA-256"))) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
