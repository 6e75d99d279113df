package dev.stride.nn;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import java.util.List;

/**
 * The architectures a run can name, as DJL blocks taking (N, 3, 32, 32) and giving (N, classes)
 * logits.
 */
public final class Architectures {

  public static final String ALEXNET_MINI = "alexnet-mini";

  public static final List<String> NAMES = List.of(ALEXNET_MINI);

  private Architectures() {}

  /**
   * @throws UnknownArchitectureException if {@code name} is not one of {@link #NAMES}
   */
  public static Block build(String name, int classes) {
    if (ALEXNET_MINI.equals(name)) {
      return alexnetMini(classes);
    }
    throw new UnknownArchitectureException(name, NAMES);
  }

  /**
   * The notebook's mini-AlexNet: five 3×3 'same' convolutions with ReLU, max-pooled 3×3 (stride 3)
   * after the first, second and fifth, then Dense 1024 → Dropout 0.5 → Dense 1024 → Dense classes.
   * The softmax of the notebook's last layer is left to the loss and to prediction.
   */
  public static SequentialBlock alexnetMini(int classes) {
    return new SequentialBlock().add(alexnetMiniFeatures()).add(alexnetMiniClassifier(classes));
  }

  /** The convolutional part: (N, 3, 32, 32) → (N, 128, 1, 1); 831,424 parameters. */
  public static SequentialBlock alexnetMiniFeatures() {
    return new SequentialBlock()
        .add(conv3x3(48)) // (N, 48, 32, 32)
        .add(maxPool3()) // (N, 48, 10, 10)
        .add(conv3x3(128)) // (N, 128, 10, 10)
        .add(maxPool3()) // (N, 128, 3, 3)
        .add(conv3x3(192))
        .add(conv3x3(192))
        .add(conv3x3(128)) // (N, 128, 3, 3)
        .add(maxPool3()); // (N, 128, 1, 1)
  }

  /** The fully-connected part: (N, 128, 1, 1) → (N, classes). */
  public static SequentialBlock alexnetMiniClassifier(int classes) {
    return new SequentialBlock()
        .add(Blocks.batchFlattenBlock()) // (N, 128)
        .add(Linear.builder().setUnits(1024).build())
        .add(Activation.reluBlock())
        .add(Dropout.builder().optRate(0.5f).build())
        .add(Linear.builder().setUnits(1024).build())
        .add(Activation.reluBlock())
        .add(Linear.builder().setUnits(classes).build());
  }

  /** Keras' Conv2D(filters, 3, padding='same', activation='relu'). */
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

  /** Keras' MaxPooling2D(pool_size=(3, 3)): stride defaults to the pool size, padding 'valid'. */
  private static Block maxPool3() {
    return Pool.maxPool2dBlock(new Shape(3, 3), new Shape(3, 3));
  }
}
