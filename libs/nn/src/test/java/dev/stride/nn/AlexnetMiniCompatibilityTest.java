package dev.stride.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import org.junit.jupiter.api.Test;

/** Parameter files written before architectures were specs still load into the preset. */
class AlexnetMiniCompatibilityTest {

  @Test
  void parametersOfTheHandWrittenBlockLoadIntoTheSpecBuiltOne() throws Exception {
    try (NDManager manager = NDManager.newBaseManager()) {
      Shape batch = new Shape(1, 3, 32, 32);
      SequentialBlock before = handWritten(10);
      before.initialize(manager, DataType.FLOAT32, batch);
      ByteArrayOutputStream file = new ByteArrayOutputStream();
      before.saveParameters(new DataOutputStream(file));

      Block now = Architectures.build("alexnet-mini", 10);
      now.loadParameters(
          manager, new DataInputStream(new ByteArrayInputStream(file.toByteArray())));

      NDArray images = manager.randomUniform(0, 1, new Shape(4, 3, 32, 32));
      assertThat(logits(now, manager, images)).containsExactly(logits(before, manager, images));
      ByteArrayOutputStream again = new ByteArrayOutputStream();
      now.saveParameters(new DataOutputStream(again));
      assertThat(again.toByteArray()).isEqualTo(file.toByteArray());
    }
  }

  private static float[] logits(Block block, NDManager manager, NDArray images) {
    return block
        .forward(new ParameterStore(manager, false), new NDList(images), false)
        .singletonOrThrow()
        .toFloatArray();
  }

  /** Architectures.alexnetMini as it was written by hand, before presets. */
  private static SequentialBlock handWritten(int classes) {
    SequentialBlock features =
        new SequentialBlock()
            .add(conv3x3(48))
            .add(Pool.maxPool2dBlock(new Shape(3, 3), new Shape(3, 3)))
            .add(conv3x3(128))
            .add(Pool.maxPool2dBlock(new Shape(3, 3), new Shape(3, 3)))
            .add(conv3x3(192))
            .add(conv3x3(192))
            .add(conv3x3(128))
            .add(Pool.maxPool2dBlock(new Shape(3, 3), new Shape(3, 3)));
    SequentialBlock classifier =
        new SequentialBlock()
            .add(Blocks.batchFlattenBlock())
            .add(Linear.builder().setUnits(1024).build())
            .add(Activation.reluBlock())
            .add(Dropout.builder().optRate(0.5f).build())
            .add(Linear.builder().setUnits(1024).build())
            .add(Activation.reluBlock())
            .add(Linear.builder().setUnits(classes).build());
    return new SequentialBlock().add(features).add(classifier);
  }

  private static Block conv3x3(int filters) {
    return new SequentialBlock()
        .add(
            Conv2d.builder()
                .setKernelShape(new Shape(3, 3))
                .setFilters(filters)
                .optPadding(new Shape(1, 1))
                .build())
        .add(Activation.reluBlock());
  }
}
