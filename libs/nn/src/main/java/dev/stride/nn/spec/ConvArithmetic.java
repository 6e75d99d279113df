package dev.stride.nn.spec;

/**
 * TensorFlow's output-size formulas for a window (convolution kernel or pooling window) sliding
 * over one spatial axis of n positions with kernel k and stride s.
 */
public final class ConvArithmetic {

  private ConvArithmetic() {}

  /** ⌊(n−k)/s⌋+1 for 'valid', ⌈n/s⌉ for 'same'; below 1 when the window does not fit. */
  public static int outputSize(int n, int kernel, int stride, Padding padding) {
    if (padding == Padding.SAME) {
      // in long: n + stride − 1 passes 2^31 for a stride near Integer.MAX_VALUE; the result ≤ n
      return (int) Math.floorDiv((long) n + stride - 1, stride);
    }
    return Math.floorDiv(n - kernel, stride) + 1;
  }

  /** The formula in symbols: "⌊(n−k)/s⌋+1" or "⌈n/s⌉". */
  public static String formula(Padding padding) {
    return padding == Padding.SAME ? "⌈n/s⌉" : "⌊(n−k)/s⌋+1";
  }

  /** The formula with numbers and its value: "⌊(10−2)/1⌋+1 = 9". */
  public static String worked(int n, int kernel, int stride, Padding padding) {
    int out = outputSize(n, kernel, stride, padding);
    if (padding == Padding.SAME) {
      return "⌈" + n + "/" + stride + "⌉ = " + out;
    }
    return "⌊(" + n + "−" + kernel + ")/" + stride + "⌋+1 = " + out;
  }

  /**
   * The volume a window slides to over an (H, W, ·) input.
   *
   * @param window how to name the window in an error: "kernel 11×11", "3×3 pool"
   * @param channels the output's channels
   * @throws ShapeException if the output would be empty along either axis
   */
  public static TensorShape slide(
      TensorShape input, String window, int kernel, int stride, Padding padding, int channels) {
    int height = outputSize(input.height(), kernel, stride, padding);
    int width = outputSize(input.width(), kernel, stride, padding);
    if (height < 1 || width < 1) {
      int n = height < 1 ? input.height() : input.width();
      throw new ShapeException(
          input,
          window
              + " with stride "
              + stride
              + " and '"
              + padding
              + "' padding does not fit a "
              + input
              + " input: "
              + worked(n, kernel, stride, padding));
    }
    return TensorShape.volume(height, width, channels);
  }
}
