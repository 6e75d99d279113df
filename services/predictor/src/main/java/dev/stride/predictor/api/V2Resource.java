package dev.stride.predictor.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stride.data.ImageSet;
import dev.stride.predictor.PredictorConfig;
import dev.stride.predictor.inference.InferenceService;
import dev.stride.predictor.inference.InferenceService.Answer;
import dev.stride.predictor.model.ModelServer;
import dev.stride.predictor.model.ServedModel;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

/**
 * The Open Inference Protocol (KServe V2) over REST. The model's version is the id of the run that
 * trained it. Its input is one tensor of UINT8 or FP32 pixel values on the 0–255 scale, shape
 * [N,32,32,3] (NHWC, as the notebook's arrays), flat in row-major order or nested; its output is
 * "probabilities", FP32 [N,classes].
 */
@Path("/v2")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Open Inference Protocol (KServe V2)")
public class V2Resource {

  static final String INPUT = "input";
  static final String OUTPUT = "probabilities";
  private static final int H = ImageSet.HEIGHT;
  private static final int W = ImageSet.WIDTH;
  private static final int C = ImageSet.CHANNELS;

  @Inject PredictorConfig config;
  @Inject ModelServer server;
  @Inject InferenceService inference;
  @Inject ObjectMapper json;

  public record ServerMetadata(String name, String version, List<String> extensions) {}

  public record TensorMetadata(String name, String datatype, List<Integer> shape) {}

  /**
   * KServe v2 model metadata. The protocol fixes name, versions, platform, inputs and outputs, and
   * leaves {@code parameters} for what a server adds: Stride's extras go there (class names,
   * architecture, test accuracy, and {@code device}, where the model runs, as DJL prints it:
   * "cpu()", "gpu(0)"), so a client that reads the response strictly meets no unknown field.
   */
  public record ModelMetadata(
      String name,
      List<String> versions,
      String platform,
      List<TensorMetadata> inputs,
      List<TensorMetadata> outputs,
      Map<String, Object> parameters) {}

  public record Ready(boolean live, boolean ready) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record OutputTensor(String name, String datatype, List<Integer> shape, float[] data) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record InferResponse(
      @JsonProperty("model_name") String modelName,
      @JsonProperty("model_version") String modelVersion,
      String id,
      List<OutputTensor> outputs) {}

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
    JsonNode request = parse(body);
    String id = request.path("id").isTextual() ? request.get("id").asText() : null;
    checkRequestedOutputs(request);
    List<byte[]> pictures = pictures(input(request));
    return inference.classify(pictures).map(answers -> answer(name, version, id, model, answers));
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
    int classes = model.classNames().size();
    float[] data = new float[answers.size() * classes];
    for (int i = 0; i < answers.size(); i++) {
      System.arraycopy(answers.get(i).probabilities(), 0, data, i * classes, classes);
    }
    return new InferResponse(
        name,
        answeredBy,
        id,
        List.of(new OutputTensor(OUTPUT, "FP32", List.of(answers.size(), classes), data)));
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
    int classes = model.classNames().size();
    return new ModelMetadata(
        model.pointer().modelName(),
        List.of(model.pointer().runId()),
        "pytorch_libtorch",
        List.of(new TensorMetadata(INPUT, "UINT8", List.of(-1, H, W, C))),
        List.of(new TensorMetadata(OUTPUT, "FP32", List.of(-1, classes))),
        Map.of(
            "class_names", model.classNames(),
            "architecture", model.pointer().architecture(),
            "test_accuracy", model.pointer().testAccuracy(),
            "accepted_input_datatypes", List.of("UINT8", "FP32"),
            "device", model.classifier().device().toString()));
  }

  private JsonNode parse(byte[] body) {
    if (body == null || body.length == 0) {
      throw new MalformedTensorException("the body is empty; send an inference request as JSON");
    }
    try {
      JsonNode node = json.readTree(body);
      if (node == null || !node.isObject()) {
        throw new MalformedTensorException("the body must be a JSON object with \"inputs\"");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new MalformedTensorException("the body is not valid JSON: " + e.getOriginalMessage());
    } catch (java.io.IOException e) {
      throw new MalformedTensorException("the body cannot be read: " + e.getMessage());
    }
  }

  private static void checkRequestedOutputs(JsonNode request) {
    JsonNode outputs = request.get("outputs");
    if (outputs == null || outputs.isNull()) {
      return;
    }
    if (!outputs.isArray()) {
      throw new MalformedTensorException("\"outputs\" must be an array");
    }
    for (JsonNode output : outputs) {
      String name = output.path("name").asText();
      if (!OUTPUT.equals(name)) {
        throw new MalformedTensorException(
            "unknown output '" + name + "'; the model has one output, '" + OUTPUT + "'");
      }
    }
  }

  private static JsonNode input(JsonNode request) {
    JsonNode inputs = request.get("inputs");
    if (inputs == null || !inputs.isArray() || inputs.size() != 1) {
      throw new MalformedTensorException(
          "\"inputs\" must be an array of exactly one tensor, shape [N,32,32,3]");
    }
    return inputs.get(0);
  }

  /** The tensor's pictures as CHW bytes, after checking its datatype, shape and every value. */
  private List<byte[]> pictures(JsonNode tensor) {
    String name = tensor.path("name").asText(INPUT);
    String datatype = tensor.path("datatype").asText("");
    if (!datatype.equals("UINT8") && !datatype.equals("FP32")) {
      throw new MalformedTensorException(
          "input '" + name + "' has datatype '" + datatype + "'; use UINT8 or FP32");
    }
    JsonNode shapeNode = tensor.get("shape");
    List<Long> shape = new ArrayList<>();
    if (shapeNode != null && shapeNode.isArray()) {
      for (JsonNode dim : shapeNode) {
        if (!dim.canConvertToLong()) {
          throw new MalformedTensorException("input '" + name + "' has a non-integer shape");
        }
        shape.add(dim.asLong());
      }
    }
    if (shape.size() != 4
        || shape.get(0) < 1
        || shape.get(1) != H
        || shape.get(2) != W
        || shape.get(3) != C) {
      throw new MalformedTensorException(
          "input '" + name + "' has shape " + shape + "; expected [N,32,32,3] (NHWC) with N ≥ 1");
    }
    long n = shape.get(0);
    if (n > config.maxImagesPerRequest()) {
      throw new RequestTooLargeException(
          n
              + " pictures in one request; at most "
              + config.maxImagesPerRequest()
              + " are accepted");
    }
    int perPicture = H * W * C;
    byte[] nhwc = new byte[(int) n * perPicture];
    int[] count = {0};
    flatten(tensor.get("data"), name, datatype, nhwc, count);
    if (count[0] != nhwc.length) {
      throw new MalformedTensorException(
          "input '"
              + name
              + "' has "
              + count[0]
              + " values; its shape "
              + shape
              + " needs "
              + nhwc.length);
    }
    List<byte[]> pictures = new ArrayList<>((int) n);
    for (int i = 0; i < n; i++) {
      byte[] chw = new byte[perPicture];
      int base = i * perPicture;
      for (int y = 0; y < H; y++) {
        for (int x = 0; x < W; x++) {
          for (int c = 0; c < C; c++) {
            chw[c * H * W + y * W + x] = nhwc[base + (y * W + x) * C + c];
          }
        }
      }
      pictures.add(chw);
    }
    return pictures;
  }

  /** Walks flat or nested data in row-major order, checking each value is a pixel in 0–255. */
  private static void flatten(JsonNode data, String name, String datatype, byte[] out, int[] at) {
    if (data == null || !data.isArray()) {
      throw new MalformedTensorException("input '" + name + "' has no \"data\" array");
    }
    for (JsonNode value : data) {
      if (value.isArray()) {
        flatten(value, name, datatype, out, at);
        continue;
      }
      int index = at[0];
      if (index >= out.length) {
        at[0]++;
        continue; // counted, reported as a size mismatch
      }
      if (!value.isNumber()) {
        throw new MalformedTensorException(
            "input '" + name + "' value " + index + " is not a number: " + value);
      }
      double pixel = value.asDouble();
      boolean integral = value.isIntegralNumber();
      if (datatype.equals("UINT8") && !integral) {
        throw new MalformedTensorException(
            "input '" + name + "' value " + index + " is " + value + "; UINT8 takes integers");
      }
      if (!(pixel >= 0 && pixel <= 255)) {
        throw new MalformedTensorException(
            "input '"
                + name
                + "' value "
                + index
                + " is "
                + value
                + "; pixel values are on the 0–255 scale");
      }
      out[index] = (byte) Math.round(pixel);
      at[0]++;
    }
  }
}
