package dev.stride.nn;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import dev.stride.nn.spec.ArchitectureSpec;
import dev.stride.nn.spec.LayerShape;
import dev.stride.nn.spec.LayerSpec;
import dev.stride.nn.spec.ShapeInference;
import dev.stride.nn.spec.TensorShape;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A spec built as DJL blocks, (N, C, H, W) in and (N, classes) logits out, together with what shape
 * inference said about each layer.
 *
 * <p>The nesting is what parameter files record, so it is fixed: {@code block} is a SequentialBlock
 * of two SequentialBlocks, {@code features} (the layers before the first one whose output is a
 * vector) and {@code head} (the rest). In features every layer is one child, a conv with an
 * activation being a SequentialBlock of both; in the head a dense layer's activation follows its
 * Linear as a sibling. This is how {@code Architectures.alexnetMini} was built before specs
 * existed, so parameters saved then load into the alexnet-mini preset.
 */
public final class Network {

  private final ArchitectureSpec spec;
  private final int classes;
  private final List<LayerShape> shapes;
  private final SequentialBlock features = new SequentialBlock();
  private final SequentialBlock head = new SequentialBlock();
  private final SequentialBlock block = new SequentialBlock();
  private final List<Block> layerBlocks = new ArrayList<>();
  private final Map<String, Conv2d> convolutions = new LinkedHashMap<>();

  private Network(ArchitectureSpec spec, int classes) {
    this.spec = spec;
    this.classes = classes;
    this.shapes = ShapeInference.infer(spec, classes);
    for (int i = 0; i < shapes.size(); i++) {
      LayerShape shape = shapes.get(i);
      SequentialBlock stage =
          shape.output().isVolume() && head.getChildren().isEmpty() ? features : head;
      List<Block> blocks = blocks(spec.layers().get(i), shape);
      if (stage == features && blocks.size() > 1) {
        blocks = List.of(new SequentialBlock().addAll(blocks));
      }
      stage.addAll(blocks);
      layerBlocks.add(blocks.get(0));
    }
    block.add(features).add(head);
  }

  public static Builder builder() {
    return new Builder();
  }

  private List<Block> blocks(LayerSpec layer, LayerShape shape) {
    List<Block> blocks = new ArrayList<>();
    if (layer instanceof LayerSpec.Conv conv) {
      int filters = shape.output().channels();
      blocks.addAll(
          LayerBlocks.named(
              LayerBlocks.convolution(
                  filters, conv.kernel(), conv.stride(), conv.padding(), conv.bias(), shape),
              shape,
              convolutions));
      if (conv.activation() != null) {
        blocks.add(LayerBlocks.activation(conv.activation()));
      }
    } else if (layer instanceof LayerSpec.Pooling pool) {
      blocks.add(LayerBlocks.pool(pool, shape));
    } else if (layer instanceof LayerSpec.BatchNorm) {
      blocks.add(LayerBlocks.batchNorm());
    } else if (layer instanceof LayerSpec.Dropout dropout) {
      blocks.add(Dropout.builder().optRate(dropout.rate().floatValue()).build());
    } else if (layer instanceof LayerSpec.Flatten) {
      blocks.add(LayerBlocks.flatten());
    } else if (layer instanceof LayerSpec.Dense dense) {
      blocks.add(Linear.builder().setUnits(shape.output().channels()).build());
      if (dense.activation() != null) {
        blocks.add(LayerBlocks.activation(dense.activation()));
      }
    } else if (layer instanceof LayerSpec.GlobalAvgPool) {
      blocks.add(LayerBlocks.globalAvgPool());
    } else if (layer instanceof LayerSpec.Activation activation) {
      blocks.add(LayerBlocks.activation(activation.activation()));
    } else if (layer instanceof LayerSpec.Residual residual) {
      blocks.add(LayerBlocks.residual(residual, shape, convolutions));
    } else {
      throw new IllegalStateException("no block for " + layer.getClass().getSimpleName());
    }
    return blocks;
  }

  public ArchitectureSpec spec() {
    return spec;
  }

  public int classes() {
    return classes;
  }

  /** Shape inference's view, one entry per spec layer. */
  public List<LayerShape> shapes() {
    return shapes;
  }

  /** The whole network, uninitialised: SequentialBlock(features, head). */
  public SequentialBlock block() {
    return block;
  }

  public SequentialBlock features() {
    return features;
  }

  public SequentialBlock head() {
    return head;
  }

  /**
   * Per spec layer, the block that computes it: the layer's child of {@code features}, or in the
   * head a dense layer's Linear (its activation changes no shape).
   */
  public List<Block> layerBlocks() {
    return Collections.unmodifiableList(layerBlocks);
  }

  /** Every convolution by layer name, residual blocks' parts included, in spec order. */
  public Map<String, Conv2d> convolutions() {
    return Collections.unmodifiableMap(convolutions);
  }

  /** The DJL input shape for a batch: (batch, C, H, W). */
  public Shape inputShape(int batch) {
    TensorShape input = spec.input();
    return new Shape(batch, input.channels(), input.height(), input.width());
  }

  /** DJL style: {@code set*} is required. */
  public static final class Builder {

    private ArchitectureSpec spec;
    private int classes;

    private Builder() {}

    public Builder setSpec(ArchitectureSpec spec) {
      this.spec = spec;
      return this;
    }

    /** The dataset's class count: what {@code "classes"} stands for in the spec. */
    public Builder setClasses(int classes) {
      this.classes = classes;
      return this;
    }

    /**
     * @throws dev.stride.nn.spec.SpecException if the spec does not check out
     */
    public Network build() {
      StringBuilder missing = new StringBuilder();
      if (spec == null) {
        missing.append(" setSpec");
      }
      if (classes < 1) {
        missing.append(" setClasses (at least 1)");
      }
      if (!missing.isEmpty()) {
        throw new IllegalArgumentException("Network needs:" + missing);
      }
      return new Network(spec, classes);
    }
  }
}
