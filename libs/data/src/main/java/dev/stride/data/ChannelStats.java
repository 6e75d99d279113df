package dev.stride.data;

/** Per-channel mean and standard deviation of pixel values scaled to [0, 1] (R, G, B). */
public record ChannelStats(double[] mean, double[] std) {

  public static ChannelStats of(ImageSet images) {
    // a histogram of byte values per channel, then the sums from it: one increment per pixel
    // instead of a division and two additions in double (it was the ingest's hottest frame)
    long[][] counts = new long[ImageSet.CHANNELS][256];
    byte[] pixels = images.pixels();
    for (int i = 0; i < images.size(); i++) {
      for (int c = 0; c < ImageSet.CHANNELS; c++) {
        long[] histogram = counts[c];
        int start = i * ImageSet.IMAGE_BYTES + c * ImageSet.PLANE;
        for (int p = start; p < start + ImageSet.PLANE; p++) {
          histogram[pixels[p] & 0xFF]++;
        }
      }
    }
    double[] sum = new double[ImageSet.CHANNELS];
    double[] squares = new double[ImageSet.CHANNELS];
    for (int c = 0; c < ImageSet.CHANNELS; c++) {
      for (int value = 0; value < 256; value++) {
        double v = value / 255.0;
        sum[c] += counts[c][value] * v;
        squares[c] += counts[c][value] * v * v;
      }
    }
    double n = (double) images.size() * ImageSet.PLANE;
    double[] mean = new double[ImageSet.CHANNELS];
    double[] std = new double[ImageSet.CHANNELS];
    for (int c = 0; c < ImageSet.CHANNELS; c++) {
      mean[c] = n == 0 ? 0 : sum[c] / n;
      std[c] = n == 0 ? 0 : Math.sqrt(Math.max(0, squares[c] / n - mean[c] * mean[c]));
    }
    return new ChannelStats(mean, std);
  }
}
