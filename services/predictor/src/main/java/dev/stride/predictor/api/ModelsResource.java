package dev.stride.predictor.api;

import dev.stride.predictor.model.ModelServer;
import dev.stride.predictor.model.ServedModel;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.OffsetDateTime;
import java.util.List;

/** What this replica serves. */
@Path("/api/v1/models")
@Produces(MediaType.APPLICATION_JSON)
public class ModelsResource {

  @Inject ModelServer server;

  /** A served model: its name, run, checkpoint, test accuracy and classes. */
  public record ModelInfo(
      String name,
      String runId,
      String checkpointKey,
      String architecture,
      double testAccuracy,
      List<String> classNames,
      OffsetDateTime loadedAt) {}

  @GET
  public List<ModelInfo> list() {
    return server.current().stream().map(ModelsResource::info).toList();
  }

  private static ModelInfo info(ServedModel model) {
    return new ModelInfo(
        model.pointer().modelName(),
        model.pointer().runId(),
        model.pointer().checkpointKey(),
        model.pointer().architecture(),
        model.pointer().testAccuracy(),
        model.classNames(),
        model.loadedAt());
  }
}
