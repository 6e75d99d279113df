package dev.stride.nn;

import dev.stride.nn.spec.LayerShape;
import dev.stride.nn.summary.ModelSummary;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Caps on a model's size, checked from its summary (shape inference: no block built, no engine
 * loaded) before a run is accepted, so a spec with a 2^31-filter layer is refused with its figure
 * rather than exhausting the trainer's memory.
 *
 * @param maxParams parameters the model may have, trainable or not
 * @param maxActivationBytes fp32 bytes every layer's output of one batch may take together
 */
public record ModelLimits(long maxParams, long maxActivationBytes) {

  /** 100 M parameters (400 MB of fp32 weights, 1.6 GB with Adam's state); 8 GiB of activations. */
  public static final ModelLimits DEFAULTS = new ModelLimits(100_000_000L, 8L << 30);

  public ModelLimits {
    if (maxParams < 1 || maxActivationBytes < 1) {
      throw new IllegalArgumentException(
          "model limits must be positive: maxParams="
              + maxParams
              + ", maxActivationBytes="
              + maxActivationBytes);
    }
  }

  /**
   * @throws ModelTooLargeException naming the figure, its cap and the layer that weighs most
   */
  public void check(ModelSummary summary, int batchSize) {
    if (summary.totalParams() > maxParams) {
      throw new ModelTooLargeException(
          heaviest(summary.layers(), LayerShape::params),
          "the model has "
              + summary.totalParams()
              + " parameters; at most "
              + maxParams
              + " are allowed");
    }
    long activations;
    try {
      activations =
          Math.multiplyExact(
              Math.multiplyExact(TrainingMemory.outputs(summary.layers()), (long) Float.BYTES),
              (long) batchSize);
    } catch (ArithmeticException e) {
      activations = Long.MAX_VALUE;
    }
    if (activations > maxActivationBytes) {
      throw new ModelTooLargeException(
          heaviest(summary.layers(), ModelLimits::outputSize),
          "the activations of a batch of "
              + batchSize
              + " take "
              + (activations == Long.MAX_VALUE ? "more than 2^63" : activations)
              + " bytes; at most "
              + maxActivationBytes
              + " are allowed");
    }
  }

  private static long outputSize(LayerShape layer) {
    try {
      return layer.output().size();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  private static LayerShape heaviest(List<LayerShape> layers, ToLongFunction<LayerShape> weight) {
    return layers.stream().max(Comparator.comparingLong(weight)).orElseThrow();
  }
}
