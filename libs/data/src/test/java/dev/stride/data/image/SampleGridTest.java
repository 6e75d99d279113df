package dev.stride.data.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stride.data.ImageSet;
import dev.stride.data.SyntheticCifar;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class SampleGridTest {

  private static final List<String> NAMES = SyntheticCifar.CLASS_NAMES;

  @Test
  void drawsFiveByFiveImagesFourTimesEnlargedWithCaptions() throws Exception {
    BufferedImage grid =
        decode(SampleGrid.render(SyntheticCifar.generate(100, 1), NAMES, 5, 5, 4, 7));

    int cellWidth = 32 * 4;
    int cellHeight = 32 * 4 + SampleGrid.CAPTION_HEIGHT;
    assertThat(grid.getWidth()).isEqualTo(5 * cellWidth + 6 * SampleGrid.GAP);
    assertThat(grid.getHeight()).isEqualTo(5 * cellHeight + 6 * SampleGrid.GAP);
    assertThat(grid.getRGB(0, 0) & 0xFFFFFF).isEqualTo(0xFFFFFF);
    assertThat(darkPixels(grid, SampleGrid.GAP, SampleGrid.GAP + cellWidth, cellWidth))
        .as("caption under the first image")
        .isPositive();
  }

  @Test
  void sameSeedSameBytesOtherSeedOtherBytes() {
    ImageSet images = SyntheticCifar.generate(100, 1);

    byte[] a = SampleGrid.render(images, NAMES, 5, 5, 4, 7);
    byte[] b = SampleGrid.render(images, NAMES, 5, 5, 4, 7);
    byte[] c = SampleGrid.render(images, NAMES, 5, 5, 4, 8);

    assertThat(a).isEqualTo(b);
    assertThat(a).isNotEqualTo(c);
  }

  /** Each cell is one image scaled up with nearest neighbour: every 3×3 block is one pixel. */
  @Test
  void showsDistinctImagesPixelForPixelWhenThereAreEnough() throws Exception {
    ImageSet images = SyntheticCifar.generate(6, 2);

    BufferedImage grid = decode(SampleGrid.render(images, NAMES, 2, 3, 3, 1));

    Set<Integer> shown = new HashSet<>();
    for (int cell = 0; cell < 6; cell++) {
      int x = SampleGrid.GAP + (cell % 3) * (96 + SampleGrid.GAP);
      int y = SampleGrid.GAP + (cell / 3) * (96 + SampleGrid.CAPTION_HEIGHT + SampleGrid.GAP);
      shown.add(indexOf(images, cellPixels(grid, x, y, 3)));
    }
    assertThat(shown).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5);
  }

  @Test
  void repeatsImagesOnlyWhenThereAreFewerThanCells() throws Exception {
    ImageSet images = SyntheticCifar.generate(3, 2);

    BufferedImage grid = decode(SampleGrid.render(images, NAMES, 2, 2, 1, 5));

    Set<Integer> shown = new HashSet<>();
    for (int cell = 0; cell < 4; cell++) {
      int x = SampleGrid.GAP + (cell % 2) * (32 + SampleGrid.GAP);
      int y = SampleGrid.GAP + (cell / 2) * (32 + SampleGrid.CAPTION_HEIGHT + SampleGrid.GAP);
      shown.add(indexOf(images, cellPixels(grid, x, y, 1)));
    }
    assertThat(shown).containsExactlyInAnyOrder(0, 1, 2);
  }

  @Test
  void refusesAnEmptySetOrAnEmptyGrid() {
    assertThatThrownBy(() -> SampleGrid.render(ImageSet.empty(), NAMES, 5, 5, 4, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no images to show");
    assertThatThrownBy(() -> SampleGrid.render(SyntheticCifar.generate(1, 1), NAMES, 0, 5, 4, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rows, columns and scale must be at least 1: 0, 5, 4");
  }

  private static BufferedImage decode(byte[] png) throws Exception {
    return ImageIO.read(new ByteArrayInputStream(png));
  }

  /** The 32×32 CHW image drawn at (x, y), reading the centre of each scale×scale block. */
  private static byte[] cellPixels(BufferedImage grid, int x, int y, int scale) {
    byte[] chw = new byte[ImageSet.IMAGE_BYTES];
    for (int row = 0; row < 32; row++) {
      for (int column = 0; column < 32; column++) {
        int rgb = grid.getRGB(x + column * scale + scale / 2, y + row * scale + scale / 2);
        int p = row * 32 + column;
        chw[p] = (byte) (rgb >> 16);
        chw[ImageSet.PLANE + p] = (byte) (rgb >> 8);
        chw[2 * ImageSet.PLANE + p] = (byte) rgb;
      }
    }
    return chw;
  }

  private static int indexOf(ImageSet images, byte[] chw) {
    for (int i = 0; i < images.size(); i++) {
      if (java.util.Arrays.equals(images.image(i), chw)) {
        return i;
      }
    }
    throw new AssertionError("a cell shows no image of the set");
  }

  private static int darkPixels(BufferedImage grid, int x, int y, int width) {
    int dark = 0;
    for (int dy = 0; dy < SampleGrid.CAPTION_HEIGHT; dy++) {
      for (int dx = 0; dx < width; dx++) {
        dark += (grid.getRGB(x + dx, y + dy) & 0xFF) < 128 ? 1 : 0;
      }
    }
    return dark;
  }
}
