package dev.stride.predictor.v2;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stride.data.ImageSet;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The model's tensors in the KServe V2 JSON form. Its one input is a batch of pictures: UINT8 or
 * FP32 pixel values on the 0–255 scale, shape [N,32,32,3] (NHWC, as the notebook's arrays), flat in
 * row-major order or nested; its one output is "probabilities", FP32 [N,classes].
 *
 * <p>A request is read in two steps, so that its caller can refuse it by its shape (too many
 * pictures) before a value is read: {@link #read} checks what it asks for, {@link #pictures} checks
 * every value and gives the pictures. The binary tensor extension (the values as raw bytes after a
 * JSON header) fits beside them: the same checks of the header, another reader of the values, the
 * same {@link #toChw} transpose.
 */
@Singleton
public class TensorCodec {

  public static final String INPUT = "input";
  public static final String OUTPUT = "probabilities";
  public static final List<String> INPUT_DATATYPES = List.of("UINT8", "FP32");

  private static final int H = ImageSet.HEIGHT;
  private static final int W = ImageSet.WIDTH;
  private static final int C = ImageSet.CHANNELS;
  private static final int PER_PICTURE = H * W * C;

  private final ObjectMapper json;

  @Inject
  public TensorCodec(ObjectMapper json) {
    this.json = json;
  }

  /** The input as the model's metadata describes it: UINT8 [-1,32,32,3] (FP32 is taken too). */
  public static TensorMetadata inputMetadata() {
    return new TensorMetadata(INPUT, "UINT8", List.of(-1, H, W, C));
  }

  public static TensorMetadata outputMetadata(int classes) {
    return new TensorMetadata(OUTPUT, "FP32", List.of(-1, classes));
  }

  /**
   * Reads a JSON inference request and checks what it asks for: one input, UINT8 or FP32, of shape
   * [N,32,32,3] with N ≥ 1, and no output but {@value #OUTPUT}. Its values are left for {@link
   * #pictures}.
   *
   * @throws MalformedTensorException naming what is wrong
   */
  public InferRequest read(byte[] body) {
    JsonNode request = parse(body);
    String id = request.path("id").isTextual() ? request.get("id").asText() : null;
    checkRequestedOutputs(request);
    return new InferRequest(id, input(request));
  }

  /**
   * The input's pictures as 3×32×32 CHW bytes, after checking that it has N×32×32×3 values, each a
   * pixel on the 0–255 scale (an integer for UINT8). The caller bounds N first.
   *
   * @throws MalformedTensorException naming the value at fault
   */
  public static List<byte[]> pictures(InferRequest.Input input) {
    if (input.pictures() > Integer.MAX_VALUE / PER_PICTURE) {
      throw new MalformedTensorException(
          "input '" + input.name() + "' has shape " + input.shape() + "; too many pictures to read",
          "inputs[0].shape[0]");
    }
    byte[] nhwc = new byte[(int) input.pictures() * PER_PICTURE];
    int[] count = {0};
    flatten(input.data(), input.name(), input.datatype(), nhwc, count);
    if (count[0] != nhwc.length) {
      throw new MalformedTensorException(
          "input '"
              + input.name()
              + "' has "
              + count[0]
              + " values; its shape "
              + input.shape()
              + " needs "
              + nhwc.length);
    }
    return toChw(nhwc, (int) input.pictures());
  }

  /** The {@value #OUTPUT} output: FP32 [N,classes], the first {@code classes} of each row. */
  public static OutputTensor probabilities(List<float[]> rows, int classes) {
    float[] data = new float[rows.size() * classes];
    for (int i = 0; i < rows.size(); i++) {
      System.arraycopy(rows.get(i), 0, data, i * classes, classes);
    }
    return new OutputTensor(OUTPUT, "FP32", List.of(rows.size(), classes), data);
  }

  /** (N, 32, 32, 3) bytes to N pictures of (3, 32, 32). */
  static List<byte[]> toChw(byte[] nhwc, int n) {
    List<byte[]> pictures = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      byte[] chw = new byte[PER_PICTURE];
      int base = i * PER_PICTURE;
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
    } catch (IOException e) {
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

  /** The one input, its datatype and shape checked. */
  private static InferRequest.Input input(JsonNode request) {
    JsonNode inputs = request.get("inputs");
    if (inputs == null || !inputs.isArray() || inputs.size() != 1) {
      throw new MalformedTensorException(
          "\"inputs\" must be an array of exactly one tensor, shape [N,32,32,3]");
    }
    JsonNode tensor = inputs.get(0);
    String name = tensor.path("name").asText(INPUT);
    String datatype = tensor.path("datatype").asText("");
    if (!INPUT_DATATYPES.contains(datatype)) {
      throw new MalformedTensorException(
          "input '" + name + "' has datatype '" + datatype + "'; use UINT8 or FP32");
    }
    JsonNode shapeNode = tensor.get("shape");
    List<Long> shape = new ArrayList<>();
    if (shapeNode != null && shapeNode.isArray()) {
      for (JsonNode dim : shapeNode) {
        shape.add(dimension(dim, name, shape.size()));
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
    return new InferRequest.Input(name, datatype, List.copyOf(shape), tensor.get("data"));
  }

  /**
   * One entry of a shape: a whole JSON number (32, not 32.9 or 32.0 or "32") from 0 to 2^63-1, as
   * the V2 protocol's int64 shapes; anything else is refused naming {@code inputs[0].shape[i]}.
   */
  private static long dimension(JsonNode dim, String name, int i) {
    String field = "inputs[0].shape[" + i + "]";
    String refusal = "input '" + name + "' has shape entry " + i + " = " + dim + "; ";
    if (!dim.isIntegralNumber()) {
      throw new MalformedTensorException(refusal + "shape entries are whole numbers", field);
    }
    if (!dim.canConvertToLong()) {
      throw new MalformedTensorException(refusal + "beyond a 64-bit count", field);
    }
    if (dim.asLong() < 0) {
      throw new MalformedTensorException(refusal + "shape entries are counts, not negative", field);
    }
    return dim.asLong();
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
