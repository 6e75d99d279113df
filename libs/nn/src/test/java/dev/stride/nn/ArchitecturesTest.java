package dev.stride.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import org.junit.jupiter.api.Test;

class ArchitecturesTest {

  @Test
  void alexnetMiniHasKerasParameterCounts() {
    try (NDManager manager = NDManager.newBaseManager()) {
      Block features = Architectures.alexnetMiniFeatures();
      features.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 32, 32));
      Block whole = Architectures.alexnetMini(10);
      whole.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 32, 32));

      assertThat(parameters(features)).isEqualTo(831_424);
      assertThat(parameters(whole)).isEqualTo(2_023_370);
      assertThat(features.getOutputShapes(new Shape[] {new Shape(1, 3, 32, 32)}))
          .containsExactly(new Shape(1, 128, 1, 1));
    }
  }

  @Test
  void alexnetMiniMapsImagesToTenLogits() {
    try (Model model = Model.newInstance("t")) {
      model.setBlock(Architectures.build("alexnet-mini", 10));
      NDManager manager = model.getNDManager();
      model.getBlock().initialize(manager, DataType.FLOAT32, new Shape(1, 3, 32, 32));
      NDArray input = manager.randomUniform(0, 1, new Shape(5, 3, 32, 32));

      NDArray output =
          model
              .getBlock()
              .forward(new ParameterStore(manager, false), new NDList(input), false)
              .singletonOrThrow();

      assertThat(output.getShape()).isEqualTo(new Shape(5, 10));
    }
  }

  @Test
  void namesTheKnownArchitecturesWhenAskedForAnother() {
    assertThatThrownBy(() -> Architectures.build("vgg-99", 10))
        .isInstanceOf(UnknownArchitectureException.class)
        .hasMessage(
            "unknown architecture 'vgg-99'; known: alexnet-mini, alexnet-mini-bn, all-conv, resnet-20");
  }

  private static long parameters(Block block) {
    long count = 0;
    for (Pair<String, Parameter> p : block.getParameters()) {
      count += p.getValue().getArray().size();
    }
    return count;
  }
}
