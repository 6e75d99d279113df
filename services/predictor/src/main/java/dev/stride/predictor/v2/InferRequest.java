package dev.stride.predictor.v2;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * An inference request as {@link TensorCodec} read it: its datatype and shape checked, its values
 * not read yet.
 *
 * @param id the request's id, echoed in the response; null if it had none
 */
public record InferRequest(String id, Input input) {

  /**
   * The one input tensor: {@code shape} is [N,32,32,3] with N ≥ 1; {@code data} its values as sent
   * (flat or nested), unchecked.
   */
  public record Input(String name, String datatype, List<Long> shape, JsonNode data) {

    /** N, the number of pictures. */
    public long pictures() {
      return shape.get(0);
    }
  }
}
