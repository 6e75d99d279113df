package dev.stride.nn.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;

class ShapeInferenceTest {

  private static final String ALEXNET_MINI =
      """
      layers:
        - {type: conv, filters: 48, kernel: 3, padding: same, activation: relu}
        - {type: maxpool, size: 3}
        - {type: conv, filters: 128, kernel: 3, padding: same, activation: relu}
        - {type: maxpool, size: 3}
        - {type: conv, filters: 192, kernel: 3, padding: same, activation: relu}
        - {type: conv, filters: 192, kernel: 3, padding: same, activation: relu}
        - {type: conv, filters: 128, kernel: 3, padding: same, activation: relu}
        - {type: maxpool, size: 3}
        - {type: flatten}
        - {type: dense, units: 1024, activation: relu}
        - {type: dropout, rate: 0.5}
        - {type: dense, units: 1024, activation: relu}
        - {type: dense, units: classes}
      """;

  @Test
  void infersTheNotebooksShapesParametersAndKerasNames() {
    List<LayerShape> shapes = ShapeInference.infer(ArchitectureSpec.parse(ALEXNET_MINI), 10);

    assertThat(shapes.stream().map(s -> s.name() + " " + s.output() + " " + s.params()))
        .containsExactly(
            "conv2d 32×32×48 1344",
            "max_pooling2d 10×10×48 0",
            "conv2d_1 10×10×128 55424",
            "max_pooling2d_1 3×3×128 0",
            "conv2d_2 3×3×192 221376",
            "conv2d_3 3×3×192 331968",
            "conv2d_4 3×3×128 221312",
            "max_pooling2d_2 1×1×128 0",
            "flatten 128 0",
            "dense 1024 132096",
            "dropout 1024 0",
            "dense_1 1024 1049600",
            "dense_2 10 10250");
    assertThat(shapes.get(0).input()).isEqualTo(TensorShape.volume(32, 32, 3));
    assertThat(shapes.get(12).index()).isEqualTo(13);
  }

  @Test
  void countsBatchNormAsKerasDoes() {
    List<LayerShape> shapes =
        infer("layers: [{type: batchnorm}, {type: flatten}, {type: dense, units: classes}]");

    // gamma and beta train, the moving mean and variance do not: 4 per channel, 2 trainable
    assertThat(shapes.get(0).params()).isEqualTo(12);
    assertThat(shapes.get(0).trainableParams()).isEqualTo(6);
    assertThat(shapes.get(0).nonTrainableParams()).isEqualTo(6);
  }

  @Test
  void expandsAResidualBlockIntoItsPartsWithAProjectionWhereTheShapeChanges() {
    LayerShape identity =
        infer("layers: [{type: residual, filters: 3}, {type: globalavgpool}]", 3).get(0);
    LayerShape projected =
        infer("layers: [{type: residual, filters: 32, stride: 2}, {type: globalavgpool}]", 32)
            .get(0);

    assertThat(identity.parts().stream().map(LayerShape::name))
        .containsExactly(
            "residual_block/conv2d",
            "residual_block/batch_normalization",
            "residual_block/activation",
            "residual_block/conv2d_1",
            "residual_block/batch_normalization_1",
            "residual_block/add",
            "residual_block/activation_1");
    // (27 + 1)·3 twice, and 4·3 twice
    assertThat(identity.params()).isEqualTo(2 * 84 + 2 * 12);
    assertThat(projected.output()).isEqualTo(TensorShape.volume(16, 16, 32));
    assertThat(projected.parts().get(5).name()).isEqualTo("residual_block/conv2d_2");
    // 3×3×3→32, 3×3×32→32, 1×1×3→32, and two batch norms of 32
    assertThat(projected.params()).isEqualTo(896 + 9248 + 128 + 2 * 128);
    assertThat(projected.nonTrainableParams()).isEqualTo(128);
  }

  @Test
  void refusesAWindowThatNoLongerFits() {
    String tooDeep =
        ALEXNET_MINI.replace(
            "- {type: flatten}", "- {type: maxpool, size: 3}\n  - {type: flatten}");

    ShapeException e =
        catchThrowableOfType(
            ShapeException.class, () -> ShapeInference.infer(ArchitectureSpec.parse(tooDeep), 10));

    assertThat(e)
        .hasMessage(
            "layer 9 maxpool: 3×3 pool with stride 3 and 'valid' padding does not fit a 1×1×128"
                + " input: ⌊(1−3)/3⌋+1 = 0");
    assertThat(e.layer()).hasValue(9);
    assertThat(e.input()).isEqualTo(TensorShape.volume(1, 1, 128));
  }

  @Test
  void refusesLayersOnTheWrongKindOfInput() {
    assertThat(shapeError("layers: [{type: dense, units: 10}]"))
        .hasMessage(
            "layer 1 dense: needs a vector input, got 32×32×3; put flatten or globalavgpool before"
                + " it");
    assertThat(shapeError("layers: [{type: flatten}, {type: conv, filters: 3, kernel: 3}]"))
        .hasMessage("layer 2 conv: needs a height×width×channels input, got a vector of 3072");
  }

  @Test
  void requiresOneScorePerClassAtTheEnd() {
    assertThat(invalid("layers: [{type: flatten}, {type: dense, units: 7}]", "units"))
        .hasMessage(
            "layer 2 dense: the network must end in 10 class scores, one per class of the"
                + " dataset, but gives 7; write \"units\": \"classes\"");
    assertThat(shapeError("layers: [{type: conv, filters: classes, kernel: 3}]"))
        .hasMessage(
            "layer 1 conv: the network must end in a vector of 10 class scores, but ends in a"
                + " 30×30×10 volume; add flatten or globalavgpool and a dense layer of"
                + " \"classes\" units");
  }

  @Test
  void namesTheLayerAndFieldOfMissingAndOutOfRangeValues() {
    assertThat(invalid("layers: [{type: conv, kernel: 3}]", "filters"))
        .hasMessage("layer 1 conv: 'filters' is missing");
    assertThat(invalid("layers: [{type: flatten}, {type: conv, filters: 3, kernel: -3}]", "kernel"))
        .hasMessage("layer 2 conv: 'kernel' must be at least 1, got -3");
    assertThat(invalid("layers: [{type: conv, filters: 3, kernel: 3, stride: 0}]", "stride"))
        .hasMessage("layer 1 conv: 'stride' must be at least 1, got 0");
    assertThat(invalid("layers: [{type: maxpool}]", "size"))
        .hasMessage("layer 1 maxpool: 'size' is missing");
    assertThat(invalid("layers: [{type: dropout, rate: 1.5}]", "rate"))
        .hasMessage("layer 1 dropout: 'rate' must be at least 0 and below 1, got 1.5");
    assertThat(invalid("layers: [{type: activation}]", "activation"))
        .hasMessage("layer 1 activation: 'activation' is missing");
    assertThat(invalid("layers: []", "layers")).hasMessage("'layers' must hold at least one layer");
    assertThat(invalid("{\"layers\": [null]}", null))
        .hasMessage("layer 1: is empty; a layer is an object with a \"type\"");
  }

  @Test
  void refusesSamePoolingThatDjlWouldComputeOnePixelOff() {
    assertThat(invalid("layers: [{type: maxpool, size: 2, stride: 1, padding: same}]", "size"))
        .hasMessage(
            "layer 1 maxpool: 'same' pooling at stride 1 needs an odd 'size' (TensorFlow pads one"
                + " more at the bottom and right, which DJL's pooling cannot), got 2");
  }

  @Test
  void namesLayersAsKerasDoes() {
    assertThat(KerasNames.snakeCase("Conv2D")).isEqualTo("conv2d");
    assertThat(KerasNames.snakeCase("MaxPooling2D")).isEqualTo("max_pooling2d");
    assertThat(KerasNames.snakeCase("GlobalAveragePooling2D"))
        .isEqualTo("global_average_pooling2d");
    assertThat(KerasNames.snakeCase("BatchNormalization")).isEqualTo("batch_normalization");
  }

  @Test
  void refusesAParameterCountPast2To63InsteadOfWrapping() {
    // issue 21: kernel and filters of 2^31−1 counted −4611685975477714948 parameters
    ShapeException e =
        shapeError(
            "layers: [{type: conv, filters: 2147483647, kernel: 2147483647, padding: same},"
                + " {type: flatten}, {type: dense, units: classes}]");

    assertThat(e.layer()).hasValue(1);
    assertThat(e).hasMessageStartingWith("layer 1 conv: ").hasMessageContaining("2^63");
  }

  @Test
  void aStrideNearIntMaxStillFitsWithSamePadding() {
    // ⌈32/s⌉ = 1; n + s − 1 computed in int wrapped negative and read as "does not fit"
    List<LayerShape> shapes =
        infer(
            "layers: [{type: conv, filters: 4, kernel: 3, stride: 2147483647, padding: same},"
                + " {type: flatten}, {type: dense, units: classes}]");

    assertThat(shapes.get(0).output()).isEqualTo(TensorShape.volume(1, 1, 4));
  }

  private static List<LayerShape> infer(String spec) {
    return infer(spec, 10);
  }

  private static List<LayerShape> infer(String spec, int classes) {
    return ShapeInference.infer(ArchitectureSpec.parse(spec), classes);
  }

  private static ShapeException shapeError(String spec) {
    return catchThrowableOfType(ShapeException.class, () -> infer(spec));
  }

  private static InvalidSpecException invalid(String spec, String field) {
    InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class, () -> infer(spec));
    assertThat(e.field().orElse(null)).isEqualTo(field);
    return e;
  }
}
