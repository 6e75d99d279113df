package dev.stride.ingestion.api;

import dev.stride.contracts.ObjectKeys;
import dev.stride.contracts.api.DatasetStatus;
import dev.stride.contracts.api.IngestRequest;
import dev.stride.contracts.events.DatasetIngestRequested;
import dev.stride.contracts.events.DatasetSource;
import dev.stride.contracts.events.Ids;
import dev.stride.contracts.events.SplitSpec;
import dev.stride.contracts.objects.DatasetManifest;
import dev.stride.ingestion.ingest.DatasetEventPublisher;
import dev.stride.ingestion.ingest.IngestException;
import dev.stride.ingestion.ingest.IngestStatus;
import dev.stride.ingestion.ingest.IngestStatuses;
import dev.stride.ingestion.ingest.SourceReader;
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
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * Datasets over REST. A POST becomes a {@code dataset.requests} message, exactly what any other
 * producer would send, and is answered 202 once the broker has it; the ingest runs on whichever
 * replica consumes it. An uploaded archive is checked before that, so its problems are answered at
 * once (413, 415, 422 naming the entry and offset).
 */
@Path("/api/v1/datasets")
@Produces(MediaType.APPLICATION_JSON)
public class DatasetResource {

  @Inject ObjectStore store;
  @Inject IngestStatuses statuses;
  @Inject DatasetEventPublisher events;
  @Inject SourceReader reader;
  @Inject SampleImages samples;

  /** Ingest from a URL (the canonical CIFAR-10 archive by default), a path, an object or a spec. */
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response request(IngestRequest body) throws IngestException {
    IngestRequest request = body != null ? body : new IngestRequest(null, null, null);
    DatasetSource source = request.source() != null ? request.source() : reader.defaultSource();
    reader.checkSource(source);
    String id = request.datasetId() != null ? request.datasetId() : DatasetIds.of(source);
    return accept(new DatasetIngestRequested(id, request.source(), request.split()));
  }

  /**
   * Ingest an archive sent as the body (tar, tar.gz or zip in one of the supported layouts). It
   * waits under {@code uploads/} until its ingest ends, whatever the outcome; its dataset id comes
   * from its content hash, so the same archive twice is one dataset.
   */
  @POST
  @Consumes({
    "application/gzip",
    "application/x-gzip",
    "application/x-tar",
    "application/zip",
    MediaType.APPLICATION_OCTET_STREAM
  })
  public Response upload(
      File body,
      @QueryParam("datasetId") String datasetId,
      @QueryParam("validationFraction") String validationFraction,
      @QueryParam("seed") String seed)
      throws IngestException {
    return acceptUpload(body, datasetId, split(validationFraction, seed));
  }

  /**
   * The same as a form upload: part {@code file}, optional fields {@code datasetId} and the split.
   */
  @POST
  @Consumes(MediaType.MULTIPART_FORM_DATA)
  public Response uploadForm(
      @RestForm("file") FileUpload file,
      @RestForm("datasetId") String datasetId,
      @RestForm("validationFraction") String validationFraction,
      @RestForm("seed") String seed)
      throws IngestException {
    if (file == null) {
      throw new BadRequestException("the form has no 'file' part holding the archive");
    }
    return acceptUpload(file.uploadedFile().toFile(), datasetId, split(validationFraction, seed));
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
    // the id becomes part of an object key: a malformed one is the caller's 400, not the store's
    Ids.check(id, "datasetId");
    Optional<DatasetManifest> manifest =
        store.findJson(ObjectKeys.datasetManifest(id), DatasetManifest.class);
    if (manifest.isPresent()) {
      return new DatasetStatus(id, "ingested", null, null, null, null, null, manifest.get());
    }
    IngestStatus status =
        statuses.get(id).orElseThrow(() -> new NotFoundException("no dataset " + id));
    return new DatasetStatus(
        id,
        status.state().name().toLowerCase(),
        status.progress(),
        status.reason(),
        status.httpStatus(),
        status.file(),
        status.offset(),
        null);
  }

  /** A fresh 5×5 grid of random training images with their labels ("run the cell again"). */
  @GET
  @Path("/{id}/samples")
  @Produces("image/png")
  public byte[] samples(@PathParam("id") String id, @QueryParam("seed") String seed) {
    Ids.check(id, "datasetId");
    DatasetManifest manifest =
        store
            .findJson(ObjectKeys.datasetManifest(id), DatasetManifest.class)
            .orElseThrow(() -> new NotFoundException("no dataset " + id));
    Long parsed = whole("seed", seed);
    return samples.grid(manifest, parsed == null ? 0 : parsed);
  }

  private Response acceptUpload(File archive, String datasetId, SplitSpec split)
      throws IngestException {
    if (archive == null || archive.length() == 0) {
      throw new BadRequestException("the upload is empty; send a dataset archive as the body");
    }
    reader.check(archive.toPath());
    String sha = SourceReader.checksum(archive.toPath()).substring("sha256:".length());
    // a name of its own, so that removing it when its ingest ends takes nobody else's upload
    String key = ObjectKeys.upload(UUID.randomUUID().toString());
    // built (and so checked: a bad datasetId is a 400) before anything is stored
    DatasetIngestRequested request =
        new DatasetIngestRequested(
            datasetId != null ? datasetId : "upload-" + sha.substring(0, 12),
            DatasetSource.ofObject(key),
            split);
    store.putFile(key, archive.toPath(), MediaType.APPLICATION_OCTET_STREAM);
    Response response = accept(request);
    if (response.getStatus() != Response.Status.ACCEPTED.getStatusCode()) {
      // no ingest will come to remove it
      store.delete(key);
    }
    return response;
  }

  /**
   * The split's numbers are read here rather than by the framework, which answers 404 for {@code
   * ?seed=abc}: a number that is not one is the caller's 400, naming the parameter.
   */
  private static SplitSpec split(String validationFraction, String seed) {
    Double fraction = null;
    if (validationFraction != null && !validationFraction.isBlank()) {
      try {
        fraction = Double.valueOf(validationFraction.strip());
      } catch (NumberFormatException e) {
        throw new BadRequestException(
            "validationFraction must be a number, got '" + validationFraction + "'");
      }
    }
    return new SplitSpec(fraction, null, whole("seed", seed));
  }

  private static Long whole(String name, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Long.valueOf(value.strip());
    } catch (NumberFormatException e) {
      throw new BadRequestException(name + " must be a whole number, got '" + value + "'");
    }
  }

  private Response accept(DatasetIngestRequested request) {
    try {
      events.publish(request);
    } catch (RuntimeException e) {
      return ErrorMapper.error(
          Response.Status.SERVICE_UNAVAILABLE,
          "cannot queue the request: Kafka did not take it (" + e.getMessage() + ")");
    }
    statuses.requested(request.datasetId());
    return Response.accepted(DatasetStatus.of(request.datasetId(), "requested"))
        .header("Location", "/api/v1/datasets/" + request.datasetId())
        .build();
  }
}
