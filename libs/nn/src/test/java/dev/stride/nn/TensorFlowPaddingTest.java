package dev.stride.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import dev.stride.nn.spec.ArchitectureSpec;
import org.junit.jupiter.api.Test;

/**
 * 'same' padding as TensorFlow does it: an odd padding total puts the extra at bottom and right.
 */
class TensorFlowPaddingTest {

  @Test
  void shapesAgreeWithDjlForStridesAndEvenWindows() {
    Network network =
        network(
            """
            layers:
              - {type: conv, filters: 4, kernel: 2, padding: same}
              - {type: conv, filters: 4, kernel: 3, stride: 2, padding: same}
              - {type: conv, filters: 4, kernel: 4, stride: 3, padding: same}
              - {type: maxpool, size: 2, stride: 2, padding: same}
              - {type: avgpool, size: 3, stride: 1, padding: same}
              - {type: maxpool, size: 3, stride: 2, padding: same}
              - {type: flatten}
              - {type: dense, units: classes}
            """,
            10);
    try (NDManager manager = NDManager.newBaseManager()) {
      network.block().initialize(manager, DataType.FLOAT32, network.inputShape(1));

      // 32 → 32 → ⌈32/2⌉ 16 → ⌈16/3⌉ 6 → 3 → 3 → ⌈3/2⌉ 2
      assertThat(network.shapes().stream().map(s -> s.output().toString()))
          .containsExactly("32×32×4", "16×16×4", "6×6×4", "3×3×4", "3×3×4", "2×2×4", "16", "10");
      for (int i = 0; i < network.shapes().size(); i++) {
        Block block = network.layerBlocks().get(i);
        assertThat(block.getOutputShapes(block.getInputShapes())[0])
            .isEqualTo(NetworkTest.djl(network.shapes().get(i).output()));
      }
    }
  }

  @Test
  void aStridedConvolutionPadsOnlyTheBottomAndRightWhenTheTotalIsOdd() {
    // 4×4 input 0..15, one 3×3 kernel of ones, stride 2: TensorFlow pads 0 rows above, 1 below
    Network network =
        network(
            "layers: [{type: conv, filters: 1, kernel: 3, stride: 2, padding: same, bias: false},"
                + " {type: flatten}]\ninput: [4, 4, 1]",
            4);

    float[] out = forward(network, 4, true);

    // rows 0-2 × cols 0-2, rows 0-2 × cols 2-3, rows 2-3 × cols 0-2, rows 2-3 × cols 2-3
    assertThat(out).containsExactly(45, 39, 66, 50);
  }

  @Test
  void samePoolingNeverCountsThePadding() {
    Network max =
        network(
            "layers: [{type: maxpool, size: 2, padding: same}, {type: flatten}]\ninput: [3, 3, 1]",
            4);
    Network average =
        network(
            "layers: [{type: avgpool, size: 3, stride: 2, padding: same}, {type: flatten}]\n"
                + "input: [4, 4, 1]",
            4);

    // 3×3 input 0..8: windows rows {0,1},{2} × cols {0,1},{2}
    assertThat(forward(max, 3, false)).containsExactly(4, 5, 7, 8);
    // 4×4 input 0..15: the means of 9, 6, 6 and 4 real pixels
    assertThat(forward(average, 4, false)).containsExactly(5, 6.5f, 11, 12.5f);
  }

  private static Network network(String yaml, int classes) {
    return Network.builder().setSpec(ArchitectureSpec.parse(yaml)).setClasses(classes).build();
  }

  /** The network on a (1, 1, side, side) input holding 0, 1, 2, …; convolution weights all 1. */
  private static float[] forward(Network network, int side, boolean onesKernel) {
    try (NDManager manager = NDManager.newBaseManager()) {
      network.block().initialize(manager, DataType.FLOAT32, network.inputShape(1));
      if (onesKernel) {
        for (var conv : network.convolutions().values()) {
          Parameter weight = conv.getParameters().get("weight");
          weight.getArray().set(manager.ones(weight.getArray().getShape()).toFloatArray());
        }
      }
      NDArray input = manager.arange(0f, side * side).reshape(1, 1, side, side);
      return network
          .block()
          .forward(new ParameterStore(manager, false), new NDList(input), false)
          .singletonOrThrow()
          .toFloatArray();
    }
  }
}
