package dev.stride.data.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stride.data.ImageSet;
import dev.stride.data.SyntheticCifar;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class CaptionedGridTest {

  private static final ImageSet IMAGES = SyntheticCifar.generate(4, 3);

  @Test
  void laysOutTilesRowByRowWithRoomForSideLabels() throws Exception {
    List<CaptionedGrid.Tile> tiles =
        List.of(
            new CaptionedGrid.Tile(IMAGES.image(0), "cat (0.91)", "cat", false),
            new CaptionedGrid.Tile(IMAGES.image(1), "dog (0.55)", "cat", true),
            new CaptionedGrid.Tile(IMAGES.image(2), "ship (0.70)", "ship", false));

    BufferedImage grid = ImageIO.read(new ByteArrayInputStream(CaptionedGrid.render(tiles, 2, 2)));

    assertThat(grid.getWidth()).isEqualTo(2 * (64 + 16) + 3 * 4);
    assertThat(grid.getHeight()).isEqualTo(2 * (64 + 16) + 3 * 4);
    // the second tile is a mistake: framed in red
    int frame = grid.getRGB(4 + (64 + 16) + 4 + 16 + 1, 4 + 30) & 0xFFFFFF;
    assertThat(frame).isEqualTo(0xD02020);
    // the fourth cell is empty: white
    assertThat(grid.getRGB(grid.getWidth() - 10, grid.getHeight() - 40) & 0xFFFFFF)
        .isEqualTo(0xFFFFFF);
  }

  @Test
  void withoutSideLabelsTheCellsAreJustTheImages() throws Exception {
    BufferedImage grid =
        ImageIO.read(
            new ByteArrayInputStream(
                CaptionedGrid.render(
                    List.of(new CaptionedGrid.Tile(IMAGES.image(3), "frog")), 5, 1)));

    assertThat(grid.getWidth()).isEqualTo(5 * 32 + 6 * 4);
    assertThat(grid.getHeight()).isEqualTo(32 + 16 + 2 * 4);
  }

  @Test
  void picksDistinctIndicesUntilTheSetRunsOut() {
    int[] picked = SampleGrid.pick(10, 25, 7);

    assertThat(java.util.Arrays.stream(picked, 0, 10).distinct().count()).isEqualTo(10);
    assertThat(picked[10]).isEqualTo(picked[0]);
    assertThat(SampleGrid.pick(10, 25, 7)).isEqualTo(picked);
  }

  @Test
  void stacksTitledSectionsEvenEmptyOnes() throws Exception {
    byte[] png =
        CaptionedGrid.renderSections(
            List.of(
                new CaptionedGrid.Section(
                    "correct, high confidence",
                    List.of(new CaptionedGrid.Tile(IMAGES.image(0), "cat"))),
                new CaptionedGrid.Section("incorrect, high confidence", List.of())),
            4,
            1);

    BufferedImage page = ImageIO.read(new ByteArrayInputStream(png));
    assertThat(page.getWidth()).isEqualTo(4 * 32 + 5 * 4);
    assertThat(page.getHeight()).isEqualTo(20 + (32 + 16 + 2 * 4) + 20 + 16);
  }

  /** A font whose every char is 6 px wide, counting how often it is asked. */
  private static final class CountingMetrics extends java.awt.FontMetrics {
    int measured;

    CountingMetrics() {
      super(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 11));
    }

    @Override
    public int stringWidth(String text) {
      measured++;
      return 6 * text.length();
    }
  }

  @Test
  void fitKeepsTheLongestPrefixThatFitsWithTheEllipsis() {
    CountingMetrics metrics = new CountingMetrics();
    assertThat(CaptionedGrid.fit("airplane", metrics, 48)).isEqualTo("airplane");
    // 6 px a char: 7 chars and the ellipsis are 48 px
    assertThat(CaptionedGrid.fit("automobiles", metrics, 48)).isEqualTo("automob…");
    assertThat(CaptionedGrid.fit("automobiles", metrics, 5)).isEqualTo("…");
  }

  /**
   * A class name is outside input: a 40,000-character one costs a few measurements, not one per
   * character (it used to stall ingestion for half a minute).
   */
  @Test
  void aVeryLongCaptionCostsAFewMeasurements() {
    CountingMetrics metrics = new CountingMetrics();

    String fitted = CaptionedGrid.fit("x".repeat(40_000), metrics, 96);

    assertThat(fitted).isEqualTo("x".repeat(15) + "…");
    assertThat(metrics.measured).isLessThanOrEqualTo(12);
  }
}
