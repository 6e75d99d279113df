package dev.stride.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SplitsTest {

  @Test
  void holdsOutTheLastImagesAsTheNotebookDoes() {
    ImageSet images = SyntheticCifar.generate(10, 1);

    Splits.TrainValidation split = Splits.holdOutLast(images, 3);

    assertThat(split.train().size()).isEqualTo(7);
    assertThat(split.validation().size()).isEqualTo(3);
    assertThat(split.validation().image(0)).isEqualTo(images.image(7));
    assertThat(split.validation().label(2)).isEqualTo(images.label(9));
  }

  @Test
  void usesTheNotebooksTenThousandForCifarSizedSetsAndAFifthOtherwise() {
    assertThat(Splits.defaultValidationSize(50_000)).isEqualTo(10_000);
    assertThat(Splits.defaultValidationSize(2_000)).isEqualTo(400);
  }

  @Test
  void refusesToHoldOutEverything() {
    assertThatThrownBy(() -> Splits.holdOutLast(SyntheticCifar.generate(4, 1), 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cannot hold out 4 of 4 training images");
  }
}
