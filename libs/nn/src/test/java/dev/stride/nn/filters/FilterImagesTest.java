package dev.stride.nn.filters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.stride.nn.Network;
import dev.stride.nn.Presets;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class FilterImagesTest {

  @Test
  void firstLayerFiltersAreColourTilesStretchedByTheirOwnMinAndMax() {
    // filter 0: red 0..3 across the tile, no green, blue 3: min 0, max 3. filter 1: constant
    float[] values = {
      0, 1, 2, 3, 0, 0, 0, 0, 3, 3, 3, 3, //
      5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5
    };
    FilterWeights weights = new FilterWeights(values, 2, 3, 2, 2);

    BufferedImage picture = FilterImages.render("conv2d", weights, true);

    // a 2×2 kernel is drawn 12 times over: ⌈24/2⌉
    assertThat(FilterImages.scale(weights)).isEqualTo(12);
    int[] first = FilterImages.tileOrigin(weights, 0, 0);
    int[] second = FilterImages.tileOrigin(weights, 0, 1);
    assertThat(first).containsExactly(8, 44);
    assertThat(second).containsExactly(8 + 24 + 2, 44);
    assertThat(rgb(picture, first[0], first[1])).isEqualTo(0x0000ff);
    assertThat(rgb(picture, first[0] + 12, first[1])).isEqualTo(0x5500ff); // 1/3 of 255 = 85
    assertThat(rgb(picture, first[0] + 23, first[1] + 23)).isEqualTo(0xff00ff);
    assertThat(rgb(picture, second[0] + 5, second[1] + 5)).isEqualTo(0x808080);
    assertThat(picture.getHeight()).isEqualTo(8 + 36 + 24 + 8);
  }

  @Test
  void deeperFiltersAreGreyTilesPerChannelCappedAtThirtyTwoByThirtyTwo() {
    // 40 filters × 40 channels of 1×2 kernels: (f, c) holds f + c, then f + c + 1
    int filters = 40;
    int channels = 40;
    float[] values = new float[filters * channels * 2];
    for (int f = 0; f < filters; f++) {
      for (int c = 0; c < channels; c++) {
        values[(f * channels + c) * 2] = f + c;
        values[(f * channels + c) * 2 + 1] = f + c + 1;
      }
    }
    FilterWeights weights = new FilterWeights(values, filters, channels, 1, 2);

    BufferedImage picture = FilterImages.render("conv2d_1", weights, false);

    // 32 rows of 12 px, 32 columns of 24 px, gaps of 2
    assertThat(picture.getWidth()).isEqualTo(8 + 32 * 24 + 31 * 2 + 8);
    assertThat(picture.getHeight()).isEqualTo(8 + 36 + 32 * 12 + 31 * 2 + 8);
    int[] last = FilterImages.tileOrigin(weights, 31, 31);
    assertThat(rgb(picture, last[0], last[1])).isEqualTo(0x000000);
    assertThat(rgb(picture, last[0] + 12, last[1] + 11)).isEqualTo(0xffffff);
  }

  @Test
  void drawsEveryConvolutionOfAnInitialisedNetworkTheSameWayTwice() throws Exception {
    Network network = Network.builder().setSpec(Presets.load("resnet-20")).setClasses(10).build();
    try (NDManager manager = NDManager.newBaseManager()) {
      network.block().initialize(manager, DataType.FLOAT32, network.inputShape(1));

      for (String layer : network.convolutions().keySet()) {
        assertThat(FilterImages.png(network, layer)).isEqualTo(FilterImages.png(network, layer));
      }
      // 16 colour tiles in 4 rows; 32 of residual_block_6/conv2d's 64 filters, 3×3 each
      assertThat(decode(FilterImages.png(network, "conv2d")).getHeight())
          .isEqualTo(8 + 36 + 4 * 24 + 3 * 2 + 8);
      BufferedImage deep = decode(FilterImages.png(network, "residual_block_6/conv2d"));
      assertThat(deep.getHeight()).isEqualTo(8 + 36 + 32 * 24 + 31 * 2 + 8);
      assertThat(deep.getWidth()).isEqualTo(8 + 32 * 24 + 31 * 2 + 8);
    }
  }

  @Test
  void namesTheConvolutionsThereAreWhenAskedForAnother() {
    Network network =
        Network.builder().setSpec(Presets.load("alexnet-mini")).setClasses(10).build();

    assertThatThrownBy(() -> FilterImages.png(network, "conv2d_9"))
        .hasMessage(
            "no convolution 'conv2d_9'; the network has [conv2d, conv2d_1, conv2d_2, conv2d_3,"
                + " conv2d_4]");
    assertThatThrownBy(() -> FilterImages.png(network, "conv2d"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("initialise the network before drawing conv2d");
  }

  private static int rgb(BufferedImage picture, int x, int y) {
    return picture.getRGB(x, y) & 0xffffff;
  }

  private static BufferedImage decode(byte[] png) throws Exception {
    return ImageIO.read(new ByteArrayInputStream(png));
  }
}
