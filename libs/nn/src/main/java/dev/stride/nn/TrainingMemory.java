package dev.stride.nn;

import dev.stride.data.ImageSet;
import dev.stride.data.cifar.CifarBinary;
import dev.stride.nn.spec.LayerShape;
import dev.stride.nn.summary.ModelSummary;
import java.util.List;

/**
 * What a run needs on its device, estimated from its model summary and batch size before it starts,
 * so a worker training several runs at once can leave one it has no room for to another worker
 * instead of failing it with an out-of-memory error half-way. fp32 throughout:
 *
 * <ul>
 *   <li>each trainable parameter four times (weight, gradient, Adam's mean and variance), each
 *       non-trainable one once (batch norm's running statistics);
 *   <li>each layer's output per image three times (kept for the backward pass, its gradient, and as
 *       much again for the kernels' workspaces and the allocator's rounding);
 *   <li>the batch itself: its uint8 records and their float copy.
 * </ul>
 *
 * An estimate, not a bound; the worker asks for a margin above it (trainer.run-memory-factor).
 */
public final class TrainingMemory {

  private static final long FLOAT = Float.BYTES;

  private TrainingMemory() {}

  public static long estimateBytes(ModelSummary summary, int batchSize) {
    long parameters = 4 * summary.trainableParams() + summary.nonTrainableParams();
    long activations = 3 * outputs(summary.layers());
    long batch = CifarBinary.RECORD_BYTES + FLOAT * ImageSet.IMAGE_BYTES;
    return FLOAT * parameters + (long) batchSize * (FLOAT * activations + batch);
  }

  /**
   * Elements every layer outputs for one image, a residual block's parts included.
   *
   * @throws ArithmeticException past 2^63
   */
  static long outputs(List<LayerShape> layers) {
    long sum = 0;
    for (LayerShape layer : layers) {
      long parts = outputs(layer.parts() == null ? List.of() : layer.parts());
      sum = Math.addExact(sum, Math.addExact(layer.output().size(), parts));
    }
    return sum;
  }
}
