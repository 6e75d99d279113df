package dev.stride.predictor.api;

import dev.stride.predictor.PredictorConfig;
import dev.stride.predictor.inference.InferenceService;
import dev.stride.predictor.inference.InferenceService.Answer;
import dev.stride.predictor.model.ModelServer;
import dev.stride.predictor.model.NoModelException;
import dev.stride.predictor.model.ServedModel;
import dev.stride.predictor.v2.InferRequest;
import dev.stride.predictor.v2.InferResponse;
import dev.stride.predictor.v2.ModelMetadata;
import dev.stride.predictor.v2.Ready;
import dev.stride.predictor.v2.ServerMetadata;
import dev.stride.predictor.v2.TensorCodec;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

/**
 * The Open Inference Protocol (KServe V2) over REST. The model's version is the id of the run that
 * trained it. Its tensors, and how they are read and written, are {@link TensorCodec}'s.
 */
@Path("/v2")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Open Inference Protocol (KServe V2)")
public class V2Resource {

  @Inject PredictorConfig config;
  @Inject ModelServer server;
  @Inject InferenceService inference;
  @Inject TensorCodec codec;

  @GET
  @Operation(summary = "Server metadata")
  public ServerMetadata server() {
    return new ServerMetadata("stride-predictor", "2", List.of());
  }

  @GET
  @Path("/health/live")
  @Operation(summary = "Server liveness")
  public Ready live() {
    return new Ready(true, server.current().isPresent());
  }

  @GET
  @Path("/health/ready")
  @Operation(summary = "Server readiness: 200 once a model is loaded, 503 before")
  public Response ready() {
    if (server.current().isEmpty()) {
      return ErrorMapper.response(
          Response.Status.SERVICE_UNAVAILABLE,
          "not ready: no model is served yet for '" + config.modelName() + "'");
    }
    return Response.ok(new Ready(true, true)).build();
  }

  @GET
  @Path("/models/{name}")
  @Operation(summary = "Model metadata")
  public ModelMetadata model(@RestPath String name) {
    return metadata(served(name, null));
  }

  @GET
  @Path("/models/{name}/versions/{version}")
  @Operation(summary = "Model metadata of one version")
  public ModelMetadata model(@RestPath String name, @RestPath String version) {
    return metadata(served(name, version));
  }

  @GET
  @Path("/models/{name}/ready")
  @Operation(summary = "Model readiness")
  public Ready modelReady(@RestPath String name) {
    served(name, null);
    return new Ready(true, true);
  }

  @GET
  @Path("/models/{name}/versions/{version}/ready")
  @Operation(summary = "Model readiness of one version")
  public Ready modelReady(@RestPath String name, @RestPath String version) {
    served(name, version);
    return new Ready(true, true);
  }

  @POST
  @Path("/models/{name}/infer")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Class probabilities of a [N,32,32,3] tensor of pictures")
  @Blocking
  public Uni<InferResponse> infer(@RestPath String name, byte[] body) {
    return infer(name, null, body);
  }

  @POST
  @Path("/models/{name}/versions/{version}/infer")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Class probabilities from one model version")
  @Blocking // parsing the tensor is CPU work; waiting for its batch holds no thread
  public Uni<InferResponse> infer(@RestPath String name, @RestPath String version, byte[] body) {
    ServedModel model = served(name, version);
    InferRequest request = codec.read(body);
    RequestTooLargeException.check(request.input().pictures(), config.maxImagesPerRequest());
    return inference
        .classify(TensorCodec.pictures(request.input()))
        .map(answers -> answer(name, version, request.id(), model, answers));
  }

  private static InferResponse answer(
      String name, String version, String id, ServedModel model, List<Answer> answers) {
    String answeredBy = answers.get(0).model().pointer().runId();
    if (version != null
        && !answers.stream().allMatch(a -> version.equals(a.model().pointer().runId()))) {
      // the served model changed while this request waited: it asked for the old one
      throw new ModelNotFoundException(
          "version '" + version + "' of model '" + name + "' was replaced while answering; retry");
    }
    List<float[]> rows = answers.stream().map(Answer::probabilities).toList();
    return new InferResponse(
        name, answeredBy, id, List.of(TensorCodec.probabilities(rows, model.classNames().size())));
  }

  /** The served model, if it has this name (and version, when given); else 404 or 503. */
  private ServedModel served(String name, String version) {
    ServedModel model =
        server.current().orElseThrow(() -> new NoModelException(config.modelName()));
    if (!model.pointer().modelName().equals(name)) {
      throw new ModelNotFoundException(
          "model '"
              + name
              + "' is not served here; this predictor serves '"
              + model.pointer().modelName()
              + "'");
    }
    if (version != null && !model.pointer().runId().equals(version)) {
      throw new ModelNotFoundException(
          "version '"
              + version
              + "' of model '"
              + name
              + "' is not served; the served version is '"
              + model.pointer().runId()
              + "'");
    }
    return model;
  }

  private static ModelMetadata metadata(ServedModel model) {
    return new ModelMetadata(
        model.pointer().modelName(),
        List.of(model.pointer().runId()),
        "pytorch_libtorch",
        List.of(TensorCodec.inputMetadata()),
        List.of(TensorCodec.outputMetadata(model.classNames().size())),
        Map.of(
            "class_names", model.classNames(),
            "architecture", model.pointer().architecture(),
            "test_accuracy", model.pointer().testAccuracy(),
            "accepted_input_datatypes", TensorCodec.INPUT_DATATYPES,
            "device", model.classifier().device().toString()));
  }
}
