package dev.stride.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.stride.data.ImageSet;
import java.nio.ByteBuffer;

/**
 * Turns CIFAR bytes into the network's input, identically for training, evaluation and prediction:
 * by default pixels scaled to [0, 1], as the notebook's Keras model saw them; else as the run's
 * {@link Normalization} says.
 */
public final class InputTransform {

  public static final String SCALE = "scale";

  private InputTransform() {}

  /**
   * @param chw CHW bytes of consecutive images
   * @param from index of the first image to take
   * @param n how many images to take
   * @return (n, 3, 32, 32) float32 in [0, 1]
   */
  public static NDArray toInput(NDManager manager, byte[] chw, int from, int n) {
    return toInput(manager, chw, from, n, Normalization.scale());
  }

  /** As {@link #toInput(NDManager, byte[], int, int)}, normalised as the network was trained. */
  public static NDArray toInput(
      NDManager manager, byte[] chw, int from, int n, Normalization normalization) {
    ByteBuffer bytes = manager.allocateDirect(n * ImageSet.IMAGE_BYTES);
    bytes.put(chw, from * ImageSet.IMAGE_BYTES, n * ImageSet.IMAGE_BYTES).rewind();
    NDArray raw =
        manager.create(
            bytes,
            new Shape(n, ImageSet.CHANNELS, ImageSet.HEIGHT, ImageSet.WIDTH),
            DataType.UINT8);
    return normalization.apply(raw);
  }

  /** (n) int64 class indices. */
  public static NDArray toLabels(NDManager manager, byte[] labels, int from, int n) {
    long[] values = new long[n];
    for (int i = 0; i < n; i++) {
      values[i] = Byte.toUnsignedInt(labels[from + i]);
    }
    return manager.create(values);
  }
}
