package dev.stride.nn.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One layer as shape inference sees it. Parameters are counted as Keras counts them: batch norm has
 * four per channel, of which the moving mean and variance are not trainable.
 *
 * @param index 1-based position in the spec; a residual block's parts carry the block's index
 * @param name Keras-style and unique in the model: "conv2d_1", "residual_block_2/conv2d"
 * @param type the spec's type ("conv"), or "add" for where a residual block joins its paths
 * @param parts a residual block's inner layers, in order (the projection before the add)
 */
public record LayerShape(
    int index,
    String name,
    String type,
    String kerasClass,
    TensorShape input,
    TensorShape output,
    long params,
    long trainableParams,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<LayerShape> parts) {

  public LayerShape {
    parts = List.copyOf(parts);
  }

  static LayerShape of(
      int index,
      String name,
      LayerSpec layer,
      TensorShape input,
      TensorShape output,
      long params,
      long trainableParams) {
    return new LayerShape(
        index,
        name,
        layer.type(),
        layer.kerasClass(),
        input,
        output,
        params,
        trainableParams,
        List.of());
  }

  @JsonProperty
  public long nonTrainableParams() {
    return params - trainableParams;
  }
}
