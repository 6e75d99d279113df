package dev.stride.nn.filters;

/**
 * A convolution's kernels as DJL stores them: (filters, channels, height, width), row-major.
 *
 * @param values {@code filters · channels · kernelHeight · kernelWidth} weights
 */
public record FilterWeights(
    float[] values, int filters, int channels, int kernelHeight, int kernelWidth) {

  public FilterWeights {
    if (filters < 1 || channels < 1 || kernelHeight < 1 || kernelWidth < 1) {
      throw new IllegalArgumentException(
          "filters, channels and kernel sizes must be at least 1: "
              + filters
              + ", "
              + channels
              + ", "
              + kernelHeight
              + "×"
              + kernelWidth);
    }
    long expected = (long) filters * channels * kernelHeight * kernelWidth;
    if (values.length != expected) {
      throw new IllegalArgumentException(
          values.length
              + " weights do not make "
              + filters
              + "×"
              + channels
              + "×"
              + kernelHeight
              + "×"
              + kernelWidth);
    }
  }

  /** Weight (filter, channel, y, x). */
  public float at(int filter, int channel, int y, int x) {
    return values[((filter * channels + channel) * kernelHeight + y) * kernelWidth + x];
  }
}
