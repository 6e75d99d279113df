package dev.stride.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.stride.nn.spec.ArchitectureSpec;
import dev.stride.nn.spec.LayerShape;
import dev.stride.nn.spec.TensorShape;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NetworkTest {

  @ParameterizedTest
  @ValueSource(strings = {"alexnet-mini", "alexnet-mini-bn", "all-conv", "resnet-20"})
  void everyLayerOfEveryPresetHasTheInferredShapeAndParameterCountInDjl(String preset) {
    Network network = Network.builder().setSpec(Presets.load(preset)).setClasses(10).build();
    try (NDManager manager = NDManager.newBaseManager()) {
      network.block().initialize(manager, DataType.FLOAT32, new Shape(1, 3, 32, 32));

      List<LayerShape> shapes = network.shapes();
      assertThat(network.layerBlocks()).hasSameSizeAs(shapes);
      for (int i = 0; i < shapes.size(); i++) {
        LayerShape expected = shapes.get(i);
        Block block = network.layerBlocks().get(i);
        Shape input = block.getInputShapes()[0];
        assertThat(input).as(expected.name() + " input").isEqualTo(djl(expected.input()));
        assertThat(block.getOutputShapes(new Shape[] {input})[0])
            .as(expected.name() + " output")
            .isEqualTo(djl(expected.output()));
        assertThat(count(block, false))
            .as(expected.name() + " parameters")
            .isEqualTo(expected.params());
        assertThat(count(block, true))
            .as(expected.name() + " trainable parameters")
            .isEqualTo(expected.trainableParams());
      }
      assertThat(network.block().getOutputShapes(new Shape[] {new Shape(1, 3, 32, 32)}))
          .containsExactly(new Shape(1, 10));
    }
  }

  @Test
  void residualBlocksNameTheirConvolutionsAfterTheirParts() {
    Network network = Network.builder().setSpec(Presets.load("resnet-20")).setClasses(10).build();

    // 1 stem + 9 blocks × 2 + 2 projections
    assertThat(network.convolutions()).hasSize(21);
    assertThat(network.convolutions().keySet())
        .startsWith("conv2d", "residual_block/conv2d", "residual_block/conv2d_1")
        .contains("residual_block_3/conv2d_2", "residual_block_6/conv2d_2")
        .doesNotContain("residual_block_1/conv2d_2");
  }

  @Test
  void saysWhatTheBuilderIsMissing() {
    assertThatThrownBy(() -> Network.builder().build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Network needs: setSpec setClasses (at least 1)");
  }

  @Test
  void refusesSpecsForOtherInputsWhenBuildingForCifar() {
    ArchitectureSpec spec =
        ArchitectureSpec.parse(
            "{\"input\": [28, 28, 1], \"layers\": [{\"type\": \"flatten\"},"
                + " {\"type\": \"dense\", \"units\": \"classes\"}]}");

    assertThatThrownBy(() -> Architectures.build(spec, 10))
        .hasMessage("'input' must be [32, 32, 3] (Stride trains on CIFAR images), got [28, 28, 1]");
  }

  static Shape djl(TensorShape shape) {
    return shape.isVolume()
        ? new Shape(1, shape.channels(), shape.height(), shape.width())
        : new Shape(1, shape.channels());
  }

  static long count(Block block, boolean trainableOnly) {
    long count = 0;
    for (Pair<String, Parameter> p : block.getParameters()) {
      if (!trainableOnly || p.getValue().requiresGradient()) {
        count += p.getValue().getArray().size();
      }
    }
    return count;
  }
}
