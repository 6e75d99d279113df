package dev.stride.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Locale;

/**
 * How pixel bytes become the network's input, applied on the device: "none" (0..255 as floats),
 * "scale" (divided by 255, as the notebook's Keras model saw them) or "standardize" (scaled, then
 * per channel minus the training set's mean, over its standard deviation).
 */
public record Normalization(String kind, List<Double> mean, List<Double> std) {

  public static final String NONE = "none";
  public static final String SCALE = "scale";
  public static final String STANDARDIZE = "standardize";

  public Normalization {
    kind = kind.toLowerCase(Locale.ROOT);
    if (!List.of(NONE, SCALE, STANDARDIZE).contains(kind)) {
      throw new IllegalArgumentException(
          "normalization must be none, scale or standardize, not '" + kind + "'");
    }
    if (kind.equals(STANDARDIZE)
        && (mean == null || std == null || mean.size() != 3 || std.size() != 3)) {
      throw new IllegalArgumentException("standardize needs three channel means and deviations");
    }
    mean = mean == null ? null : List.copyOf(mean);
    std = std == null ? null : List.copyOf(std);
  }

  public static Normalization scale() {
    return new Normalization(SCALE, null, null);
  }

  public static Normalization none() {
    return new Normalization(NONE, null, null);
  }

  public static Normalization standardize(List<Double> mean, List<Double> std) {
    return new Normalization(STANDARDIZE, mean, std);
  }

  /**
   * @param pixels (n, 3, 32, 32) uint8 on the device
   * @return (n, 3, 32, 32) float32
   */
  public NDArray apply(NDArray pixels) {
    NDArray x = pixels.toType(DataType.FLOAT32, false);
    if (kind.equals(NONE)) {
      return x;
    }
    x = x.divi(255f);
    if (kind.equals(SCALE)) {
      return x;
    }
    NDManager manager = x.getManager();
    NDArray m = manager.create(floats(mean), new Shape(1, 3, 1, 1)).toDevice(x.getDevice(), false);
    NDArray s = manager.create(floats(std), new Shape(1, 3, 1, 1)).toDevice(x.getDevice(), false);
    // a channel without variation would divide by zero
    return x.subi(m).divi(s.maximum(1e-6f));
  }

  private static float[] floats(List<Double> values) {
    float[] out = new float[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i).floatValue();
    }
    return out;
  }
}
