package dev.stride.nn;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import dev.stride.nn.spec.ActivationFunction;
import dev.stride.nn.spec.LayerShape;
import dev.stride.nn.spec.LayerSpec;
import dev.stride.nn.spec.Padding;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * DJL blocks for checked spec layers, channels first: (N, C, H, W) volumes, (N, n) vectors. Every
 * size was checked by shape inference; {@code shape} is the layer's inferred input and output.
 */
final class LayerBlocks {

  private LayerBlocks() {}

  /**
   * A convolution padded as TensorFlow pads: 'same' splits the padding total as evenly as it can
   * and puts an odd one at the bottom and right. DJL's own padding is symmetric, so an uneven split
   * (stride 2 on 32 pixels, or an even kernel) is padded explicitly before a 'valid' convolution.
   */
  static List<Block> convolution(
      int filters, int kernel, int stride, Padding padding, boolean bias, LayerShape shape) {
    int[] vertical =
        samePadding(padding, shape.input().height(), shape.output().height(), kernel, stride);
    int[] horizontal =
        samePadding(padding, shape.input().width(), shape.output().width(), kernel, stride);
    Conv2d.Builder conv =
        Conv2d.builder()
            .setKernelShape(new Shape(kernel, kernel))
            .setFilters(filters)
            .optStride(new Shape(stride, stride))
            .optBias(bias);
    if (vertical[0] == vertical[1] && horizontal[0] == horizontal[1]) {
      return List.of(conv.optPadding(new Shape(vertical[0], horizontal[0])).build());
    }
    // NDArray.pad takes (left, right, top, bottom) for the last two axes
    Shape pad = new Shape(horizontal[0], horizontal[1], vertical[0], vertical[1]);
    Block padBlock = LambdaBlock.singleton(x -> x.pad(pad, 0), "samePadding");
    return List.of(padBlock, conv.build());
  }

  /**
   * TensorFlow's pooling, 'same' included: the padding total is split as TensorFlow splits it, and
   * an odd one is left to ceil mode, which adds the last, partial window at the bottom and right.
   * Padding never counts: max pooling ignores it and average pooling divides by real pixels only.
   * (Stride 1 with an even window, where ceil mode cannot help, was refused by shape inference.)
   */
  static Block pool(LayerSpec.Pooling pool, LayerShape shape) {
    int size = pool.size();
    int stride = pool.stride();
    int[] vertical =
        samePadding(pool.padding(), shape.input().height(), shape.output().height(), size, stride);
    int[] horizontal =
        samePadding(pool.padding(), shape.input().width(), shape.output().width(), size, stride);
    Shape window = new Shape(size, size);
    Shape strides = new Shape(stride, stride);
    Shape padding = new Shape(vertical[0], horizontal[0]);
    boolean ceil = vertical[0] != vertical[1] || horizontal[0] != horizontal[1];
    if (pool instanceof LayerSpec.MaxPool) {
      return Pool.maxPool2dBlock(window, strides, padding, ceil);
    }
    return Pool.avgPool2dBlock(window, strides, padding, ceil, false);
  }

  static Block batchNorm() {
    return BatchNorm.builder().build();
  }

  static Block flatten() {
    return Blocks.batchFlattenBlock();
  }

  static Block globalAvgPool() {
    return Pool.globalAvgPool2dBlock(); // (N, C, H, W) → (N, C)
  }

  static Block activation(ActivationFunction function) {
    switch (function) {
      case RELU:
        return Activation.reluBlock();
      case SIGMOID:
        return Activation.sigmoidBlock();
      case TANH:
        return Activation.tanhBlock();
      default:
        throw new IllegalStateException("no block for activation " + function);
    }
  }

  /**
   * He et al.'s basic block as two parallel paths summed, then ReLU: main = conv → BN → ReLU → conv
   * → BN, shortcut = identity or a 1×1 convolution. Its convolutions are put into {@code convs}
   * under their part names.
   */
  static Block residual(LayerSpec.Residual block, LayerShape shape, Map<String, Conv2d> convs) {
    List<LayerShape> convParts = new ArrayList<>();
    for (LayerShape part : shape.parts()) {
      if (LayerSpec.CONV.equals(part.type())) {
        convParts.add(part);
      }
    }
    int filters = block.filters();
    SequentialBlock main = new SequentialBlock();
    main.addAll(
        named(
            convolution(filters, 3, block.stride(), Padding.SAME, true, convParts.get(0)),
            convParts.get(0),
            convs));
    main.add(batchNorm()).add(Activation.reluBlock());
    main.addAll(
        named(
            convolution(filters, 3, 1, Padding.SAME, true, convParts.get(1)),
            convParts.get(1),
            convs));
    main.add(batchNorm());
    Block shortcut = Blocks.identityBlock();
    if (convParts.size() == 3) {
      shortcut =
          only(
              named(
                  convolution(filters, 1, block.stride(), Padding.VALID, true, convParts.get(2)),
                  convParts.get(2),
                  convs));
    }
    return new ParallelBlock(
        // (N, F, H', W') + (N, F, H', W'), then ReLU
        paths ->
            new NDList(
                Activation.relu(
                    paths.get(0).singletonOrThrow().add(paths.get(1).singletonOrThrow()))),
        List.of(main, shortcut));
  }

  /** Records the convolution among {@code blocks} under the part's name. */
  static List<Block> named(List<Block> blocks, LayerShape shape, Map<String, Conv2d> convs) {
    convs.put(shape.name(), (Conv2d) blocks.get(blocks.size() - 1));
    return blocks;
  }

  private static Block only(List<Block> blocks) {
    return blocks.size() == 1 ? blocks.get(0) : new SequentialBlock().addAll(blocks);
  }

  /**
   * TensorFlow's 'same' padding along one axis, {before, after}: the total that lets {@code out}
   * windows cover n inputs, the odd one after. Zero for 'valid'.
   */
  private static int[] samePadding(Padding padding, int n, int out, int kernel, int stride) {
    if (padding == Padding.VALID) {
      return new int[] {0, 0};
    }
    int total = Math.max((out - 1) * stride + kernel - n, 0);
    return new int[] {total / 2, total - total / 2};
  }
}
