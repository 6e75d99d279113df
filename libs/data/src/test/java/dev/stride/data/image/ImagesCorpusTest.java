package dev.stride.data.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.stride.data.image.BadPictures.BadPicture;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Damaged pictures either decode or are refused as {@link ImageFormatException}, nothing else. */
class ImagesCorpusTest {

  private static final long MAX_PIXELS = 16_777_216;

  @Test
  void everyDamagedPictureDecodesOrIsRefusedAsBadInput() {
    List<BadPicture> corpus = BadPictures.corpus(20261128L);
    int refused = 0;
    for (BadPicture picture : corpus) {
      Throwable thrown = catchThrowable(() -> Images.decodeToChw(picture.bytes(), MAX_PIXELS));
      if (thrown == null) {
        assertThat(picture.beyondRepair()).as(picture.name()).isFalse();
        continue;
      }
      assertThat(thrown).as(picture.name()).isInstanceOf(ImageFormatException.class);
      assertThat(thrown.getMessage()).as(picture.name()).isNotBlank();
      refused++;
    }
    System.out.printf(
        "damaged pictures: %d, decoded anyway: %d, refused as bad input: %d%n",
        corpus.size(), corpus.size() - refused, refused);
    assertThat(corpus).hasSize(4 * (16 + 32 + 32) + 16);
    // what cannot be repaired is refused; each format has 16 header cuts and 4 wrong magics
    assertThat(refused).isGreaterThanOrEqualTo(4 * (16 + 4));
  }

  @Test
  void theGoodPicturesOfEachFormatDecode() throws Exception {
    for (String format : BadPictures.FORMATS) {
      assertThat(Images.decodeToChw(BadPictures.good(format, 1L), MAX_PIXELS)).hasSize(3 * 32 * 32);
    }
  }

  @Test
  void aPictureCutInItsHeaderNamesTheProblem() {
    byte[] png = BadPictures.good("png", 1L);
    assertThatThrownBy(() -> Images.decodeToChw(java.util.Arrays.copyOf(png, 3), MAX_PIXELS))
        .isInstanceOf(ImageFormatException.class)
        .hasMessage("not a PNG, JPEG, GIF or BMP picture");
  }
}
