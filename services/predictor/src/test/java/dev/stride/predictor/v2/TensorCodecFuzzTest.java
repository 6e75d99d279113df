package dev.stride.predictor.v2;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Coverage-guided fuzzing of the KServe V2 JSON parser, as V2Resource uses it: {@link
 * TensorCodec#read}, then (for a request of at most {@value #MAX_PICTURES} pictures, which the
 * resource bounds first) {@link TensorCodec#pictures}. Whatever the body, the pictures come out or
 * {@link MalformedTensorException} (a 400) refuses it; anything else escaping fails the test with
 * the input that caused it. The seeds are well-formed requests: nested UINT8, flat FP32, with an id
 * and the requested output.
 */
class TensorCodecFuzzTest {

  private static final int MAX_PICTURES = 4;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TensorCodec CODEC = new TensorCodec(JSON);

  @MethodSource("requests")
  @FuzzTest(maxExecutions = 5_000)
  void readsOrRefusesAsBadTensor(byte[] body) {
    try {
      InferRequest request = CODEC.read(body);
      long n = request.input().pictures();
      if (n <= MAX_PICTURES) {
        assertThat(TensorCodec.pictures(request.input())).hasSize((int) n);
      }
    } catch (MalformedTensorException refused) {
      assertThat(refused.getMessage()).isNotBlank();
    }
  }

  static Stream<Arguments> requests() throws Exception {
    List<Object> flat = new ArrayList<>();
    List<Object> rows = new ArrayList<>();
    for (int y = 0; y < 32; y++) {
      List<Object> row = new ArrayList<>();
      for (int x = 0; x < 32; x++) {
        row.add(List.of(y, x, 255));
        flat.addAll(List.of(y + 0.5, x, 255.0));
      }
      rows.add(row);
    }
    return Stream.of(
            Map.of("id", "r1", "inputs", List.of(tensor("UINT8", List.of(rows), 1))),
            Map.of(
                "inputs",
                List.of(tensor("FP32", flat, 1)),
                "outputs",
                List.of(Map.of("name", TensorCodec.OUTPUT))))
        .map(request -> Arguments.of((Object) toJson(request)));
  }

  private static Map<String, Object> tensor(String datatype, Object data, int n) {
    return Map.of(
        "name", "input", "datatype", datatype, "shape", List.of(n, 32, 32, 3), "data", data);
  }

  private static byte[] toJson(Object request) {
    try {
      return JSON.writeValueAsBytes(request);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
