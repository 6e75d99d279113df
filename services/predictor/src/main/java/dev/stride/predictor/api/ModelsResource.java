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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** What this replica serves. */
@Path("/api/v1/models")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Simple API")
public class ModelsResource {

  @Inject ModelServer server;

  /**
   * A served model: its name, version (the run that trained it), checkpoint, test accuracy... and
   * the device it runs on, as DJL prints it ("cpu()", "gpu(0)").
   */
  public record ModelInfo(
      String name,
      String version,
      String runId,
      String checkpointKey,
      String architecture,
      double testAccuracy,
      List<String> classNames,
      String device,
      OffsetDateTime loadedAt) {}

  @GET
  @Operation(summary = "The models this replica serves, with their versions")
  public List<ModelInfo> list() {
    return server.current().stream().map(ModelsResource::info).toList();
  }

  private static ModelInfo info(ServedModel model) {
    return new ModelInfo(
        model.pointer().modelName(),
        model.pointer().runId(),
        model.pointer().runId(),
        model.pointer().checkpointKey(),
        model.pointer().architecture(),
        model.pointer().testAccuracy(),
        model.classNames(),
        model.classifier().device().toString(),
        model.loadedAt());
  }
}
