package dev.stride.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChannelStatsTest {

  @Test
  void halfBlackHalfWhiteRedOverAllGreenAndNoBlue() {
    byte[] pixels = new byte[2 * ImageSet.IMAGE_BYTES];
    // image 0 red plane white, image 1 red plane black; green white in both; blue black in both
    Arrays.fill(pixels, 0, ImageSet.PLANE, (byte) 255);
    Arrays.fill(pixels, ImageSet.PLANE, 2 * ImageSet.PLANE, (byte) 255);
    int second = ImageSet.IMAGE_BYTES;
    Arrays.fill(pixels, second + ImageSet.PLANE, second + 2 * ImageSet.PLANE, (byte) 255);

    ChannelStats stats = ChannelStats.of(new ImageSet(new byte[2], pixels));

    assertThat(stats.mean()).containsExactly(0.5, 1.0, 0.0);
    assertThat(stats.std()).containsExactly(0.5, 0.0, 0.0);
  }

  @Test
  void agreesWithTheTextbookSumsOnRandomPictures() {
    Random random = new Random(7);
    int images = 50;
    byte[] pixels = new byte[images * ImageSet.IMAGE_BYTES];
    random.nextBytes(pixels);

    ChannelStats stats = ChannelStats.of(new ImageSet(new byte[images], pixels));

    for (int c = 0; c < ImageSet.CHANNELS; c++) {
      double sum = 0;
      double squares = 0;
      for (int i = 0; i < images; i++) {
        int start = i * ImageSet.IMAGE_BYTES + c * ImageSet.PLANE;
        for (int p = start; p < start + ImageSet.PLANE; p++) {
          double v = Byte.toUnsignedInt(pixels[p]) / 255.0;
          sum += v;
          squares += v * v;
        }
      }
      double n = (double) images * ImageSet.PLANE;
      double mean = sum / n;
      assertThat(stats.mean()[c]).isCloseTo(mean, within(1e-12));
      assertThat(stats.std()[c]).isCloseTo(Math.sqrt(squares / n - mean * mean), within(1e-12));
    }
  }

  @Test
  void noImagesGiveZeros() {
    ChannelStats stats = ChannelStats.of(ImageSet.empty());
    assertThat(stats.mean()).containsExactly(0.0, 0.0, 0.0);
    assertThat(stats.std()).containsExactly(0.0, 0.0, 0.0);
  }
}
