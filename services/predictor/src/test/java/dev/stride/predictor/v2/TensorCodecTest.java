package dev.stride.predictor.v2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TensorCodecTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final TensorCodec codec = new TensorCodec(JSON);

  @Test
  void readsNestedNhwcPicturesAsChw() throws Exception {
    InferRequest request =
        codec.read(body(Map.of("id", "req-1", "inputs", List.of(tensor("UINT8", nested(2), 2)))));

    assertThat(request.id()).isEqualTo("req-1");
    assertThat(request.input().name()).isEqualTo("input");
    assertThat(request.input().shape()).containsExactly(2L, 32L, 32L, 3L);
    List<byte[]> pictures = TensorCodec.pictures(request.input());
    assertThat(pictures).hasSize(2);
    for (int n = 0; n < 2; n++) {
      for (int c = 0; c < 3; c++) {
        for (int y = 0; y < 32; y += 7) {
          for (int x = 0; x < 32; x += 5) {
            assertThat(pictures.get(n)[c * 1024 + y * 32 + x] & 0xff).isEqualTo(pixel(n, y, x, c));
          }
        }
      }
    }
  }

  @Test
  void flatFp32ValuesGiveTheSamePicturesRounded() throws Exception {
    List<Object> flat = new ArrayList<>();
    for (int y = 0; y < 32; y++) {
      for (int x = 0; x < 32; x++) {
        for (int c = 0; c < 3; c++) {
          int pixel = pixel(0, y, x, c);
          flat.add(pixel < 255 ? pixel + 0.4 : pixel - 0.4);
        }
      }
    }
    InferRequest fp32 = codec.read(body(Map.of("inputs", List.of(tensor("FP32", flat, 1)))));
    InferRequest uint8 = codec.read(body(Map.of("inputs", List.of(tensor("UINT8", nested(1), 1)))));

    assertThat(fp32.id()).isNull();
    assertThat(TensorCodec.pictures(fp32.input()).get(0))
        .isEqualTo(TensorCodec.pictures(uint8.input()).get(0));
  }

  @Test
  void refusesARequestThatIsNotOneInferenceRequest() {
    assertMalformed(new byte[0], "the body is empty; send an inference request as JSON");
    assertMalformed("[1]", "the body must be a JSON object with \"inputs\"");
    assertThatThrownBy(() -> codec.read("{\"inputs\": [".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(MalformedTensorException.class)
        .hasMessageStartingWith("the body is not valid JSON: ");
    assertMalformed(
        Map.of("inputs", List.of()),
        "\"inputs\" must be an array of exactly one tensor, shape [N,32,32,3]");
    assertMalformed(
        Map.of("inputs", List.of(tensor("UINT8", nested(1), 1)), "outputs", List.of(named("x"))),
        "unknown output 'x'; the model has one output, 'probabilities'");
    assertMalformed(
        Map.of("inputs", List.of(tensor("UINT8", nested(1), 1)), "outputs", "probabilities"),
        "\"outputs\" must be an array");
  }

  @Test
  void asksForTheProbabilitiesByName() throws Exception {
    InferRequest request =
        codec.read(
            body(
                Map.of(
                    "inputs",
                    List.of(tensor("UINT8", nested(1), 1)),
                    "outputs",
                    List.of(named("probabilities")))));

    assertThat(request.input().pictures()).isEqualTo(1);
  }

  @Test
  void refusesAnInputOfAnotherDatatypeOrShape() {
    assertMalformed(
        Map.of("inputs", List.of(tensor("INT64", nested(1), 1))),
        "input 'input' has datatype 'INT64'; use UINT8 or FP32");
    assertMalformed(
        Map.of("inputs", List.of(tensor("UINT8", List.of(), 0))),
        "input 'input' has shape [0, 32, 32, 3]; expected [N,32,32,3] (NHWC) with N ≥ 1");
    assertMalformed(
        Map.of(
            "inputs",
            List.of(
                Map.of(
                    "name", "x", "datatype", "UINT8", "shape", List.of(1, 3, 32, 32), "data", 1))),
        "input 'x' has shape [1, 3, 32, 32]; expected [N,32,32,3] (NHWC) with N ≥ 1");
  }

  @Test
  void refusesShapeEntriesThatAreNotWholeCountsNamingTheEntry() {
    assertShapeRefused(
        "[1, 32.9, 32, 3]",
        1,
        "input 'input' has shape entry 1 = 32.9; shape entries are whole" + " numbers");
    assertShapeRefused(
        "[1, 32.0, 32, 3]",
        1,
        "input 'input' has shape entry 1 = 32.0; shape entries are whole" + " numbers");
    assertShapeRefused(
        "[1, \"a\", 32, 3]",
        1,
        "input 'input' has shape entry 1 = \"a\"; shape entries are whole" + " numbers");
    assertShapeRefused(
        "[1, 32, 32, 3e0]",
        3,
        "input 'input' has shape entry 3 = 3.0; shape entries are whole" + " numbers");
    assertShapeRefused(
        "[-1, 32, 32, 3]",
        0,
        "input 'input' has shape entry 0 = -1; shape entries are counts, not" + " negative");
    assertShapeRefused(
        "[1, 32, 32, 18446744073709551619]",
        3,
        "input 'input' has shape entry 3 = 18446744073709551619; beyond a 64-bit count");
  }

  @Test
  void refusesMorePicturesThanAnArrayHoldsBeforeReadingAValue() throws Exception {
    // 2^62 + 1 pictures: N × 3072 wraps around a long to 3072, one picture's worth of bytes
    InferRequest request =
        codec.read(
            bytes(
                "{\"inputs\": [{\"name\": \"input\", \"datatype\": \"UINT8\", \"shape\":"
                    + " [4611686018427387905, 32, 32, 3], \"data\": []}]}"));

    assertThatThrownBy(() -> TensorCodec.pictures(request.input()))
        .isInstanceOf(MalformedTensorException.class)
        .hasMessage(
            "input 'input' has shape [4611686018427387905, 32, 32, 3]; too many pictures to read")
        .extracting(e -> ((MalformedTensorException) e).field())
        .isEqualTo("inputs[0].shape[0]");
  }

  @Test
  void readsNoValueBeforeThePicturesAreAskedFor() throws Exception {
    InferRequest request =
        codec.read(body(Map.of("inputs", List.of(tensor("UINT8", List.of("red"), 100_000)))));

    assertThat(request.input().pictures()).isEqualTo(100_000);
  }

  @Test
  void refusesValuesThatAreNotPixels() throws Exception {
    List<Object> flat = flat(1);
    flat.set(5, 300);
    assertPicturesMalformed(
        tensor("UINT8", flat, 1),
        "input 'input' value 5 is 300; pixel values are on the 0–255 scale");
    flat.set(5, -0.5);
    assertPicturesMalformed(
        tensor("FP32", flat, 1),
        "input 'input' value 5 is -0.5; pixel values are on the 0–255 scale");
    flat.set(5, 1.5);
    assertPicturesMalformed(
        tensor("UINT8", flat, 1), "input 'input' value 5 is 1.5; UINT8 takes integers");
    flat.set(5, "red");
    assertPicturesMalformed(
        tensor("UINT8", flat, 1), "input 'input' value 5 is not a number: \"red\"");
    assertPicturesMalformed(
        tensor("UINT8", List.of(1, 2, 3), 1),
        "input 'input' has 3 values; its shape [1, 32, 32, 3] needs 3072");
    assertPicturesMalformed(
        tensor("UINT8", flat(3), 2),
        "input 'input' has 9216 values; its shape [2, 32, 32, 3] needs 6144");
    assertPicturesMalformed(
        Map.of("name", "input", "datatype", "UINT8", "shape", List.of(1, 32, 32, 3)),
        "input 'input' has no \"data\" array");
  }

  @Test
  void writesTheProbabilitiesAsOneFp32Tensor() {
    OutputTensor output =
        TensorCodec.probabilities(List.of(new float[] {0.25f, 0.75f}, new float[] {1, 0}), 2);

    assertThat(output.name()).isEqualTo("probabilities");
    assertThat(output.datatype()).isEqualTo("FP32");
    assertThat(output.shape()).containsExactly(2, 2);
    assertThat(output.data()).containsExactly(0.25f, 0.75f, 1, 0);
  }

  @Test
  void describesItsTensors() {
    assertThat(TensorCodec.inputMetadata())
        .isEqualTo(new TensorMetadata("input", "UINT8", List.of(-1, 32, 32, 3)));
    assertThat(TensorCodec.outputMetadata(10))
        .isEqualTo(new TensorMetadata("probabilities", "FP32", List.of(-1, 10)));
  }

  private void assertMalformed(Object request, String message) {
    assertThatThrownBy(() -> codec.read(body(request)))
        .isInstanceOf(MalformedTensorException.class)
        .hasMessage(message);
  }

  private void assertShapeRefused(String shape, int entry, String message) {
    byte[] request =
        bytes(
            "{\"inputs\": [{\"name\": \"input\", \"datatype\": \"UINT8\", \"shape\": "
                + shape
                + ", \"data\": []}]}");
    assertThatThrownBy(() -> codec.read(request))
        .isInstanceOf(MalformedTensorException.class)
        .hasMessage(message)
        .extracting(e -> ((MalformedTensorException) e).field())
        .isEqualTo("inputs[0].shape[" + entry + "]");
  }

  private static byte[] bytes(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }

  private void assertPicturesMalformed(Map<String, Object> tensor, String message)
      throws Exception {
    InferRequest request = codec.read(body(Map.of("inputs", List.of(tensor))));
    assertThatThrownBy(() -> TensorCodec.pictures(request.input()))
        .isInstanceOf(MalformedTensorException.class)
        .hasMessage(message);
  }

  private static byte[] body(Object request) throws Exception {
    if (request instanceof byte[] bytes) {
      return bytes;
    }
    if (request instanceof String text) {
      return text.getBytes(StandardCharsets.UTF_8);
    }
    return JSON.writeValueAsBytes(request);
  }

  private static Map<String, Object> tensor(String datatype, Object data, int n) {
    return Map.of(
        "name", "input", "datatype", datatype, "shape", List.of(n, 32, 32, 3), "data", data);
  }

  private static Map<String, Object> named(String name) {
    return Map.of("name", name);
  }

  /** A value that tells picture, row, column and channel apart: (N, 32, 32, 3) in 0–255. */
  private static int pixel(int n, int y, int x, int c) {
    return (n * 101 + y * 7 + x * 3 + c * 50) % 256;
  }

  /** n pictures as [N][32][32][3] values. */
  private static List<Object> nested(int n) {
    List<Object> pictures = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      List<Object> rows = new ArrayList<>();
      for (int y = 0; y < 32; y++) {
        List<Object> row = new ArrayList<>();
        for (int x = 0; x < 32; x++) {
          row.add(List.of(pixel(i, y, x, 0), pixel(i, y, x, 1), pixel(i, y, x, 2)));
        }
        rows.add(row);
      }
      pictures.add(rows);
    }
    return pictures;
  }

  /** n pictures as flat NHWC values. */
  private static List<Object> flat(int n) {
    List<Object> values = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      for (int y = 0; y < 32; y++) {
        for (int x = 0; x < 32; x++) {
          for (int c = 0; c < 3; c++) {
            values.add(pixel(i, y, x, c));
          }
        }
      }
    }
    return values;
  }
}
