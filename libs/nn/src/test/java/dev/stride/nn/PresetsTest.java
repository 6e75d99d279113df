package dev.stride.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stride.nn.spec.TensorShape;
import dev.stride.nn.summary.ModelSummary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PresetsTest {

  @ParameterizedTest
  @CsvSource({
    "alexnet-mini,    2023370, 2023370,    0",
    "alexnet-mini-bn, 2026122, 2024746, 1376",
    "all-conv,        2339322, 2339322,    0",
    "resnet-20,        274442,  273066, 1376"
  })
  void pinsEveryPresetsKerasParameterCountsAndEndsInOneScorePerClass(
      String name, long total, long trainable, long nonTrainable) {
    ModelSummary summary = ModelSummary.of(Presets.load(name), 10);

    assertThat(summary.model()).isEqualTo(name);
    assertThat(summary.totalParams()).isEqualTo(total);
    assertThat(summary.trainableParams()).isEqualTo(trainable);
    assertThat(summary.nonTrainableParams()).isEqualTo(nonTrainable);
    assertThat(summary.input()).isEqualTo(TensorShape.volume(32, 32, 3));
    assertThat(summary.output()).isEqualTo(TensorShape.vector(10));
  }

  @Test
  void theClassCountComesFromTheDataset() {
    ModelSummary summary = ModelSummary.of(Presets.load("resnet-20"), 100);

    assertThat(summary.output()).isEqualTo(TensorShape.vector(100));
    // the last dense layer grows from 64·10 + 10 to 64·100 + 100 parameters
    assertThat(summary.totalParams()).isEqualTo(274_442 - 650 + 6_500);
  }

  @Test
  void theAlexnetMiniFeaturesHaveTheNotebooksConvolutionalParameterCount() {
    ModelSummary summary = ModelSummary.of(Presets.load("alexnet-mini"), 10);

    long conv =
        summary.layers().stream()
            .filter(l -> l.type().equals("conv"))
            .mapToLong(l -> l.params())
            .sum();
    assertThat(conv).isEqualTo(831_424);
    assertThat(summary.layers().get(7).output()).isEqualTo(TensorShape.volume(1, 1, 128));
  }

  @Test
  void namesThePresetsWhenAskedForAnother() {
    assertThat(Presets.NAMES)
        .containsExactly("alexnet-mini", "alexnet-mini-bn", "all-conv", "resnet-20");
    assertThatThrownBy(() -> Presets.load("vgg-99"))
        .isInstanceOf(UnknownArchitectureException.class)
        .hasMessage(
            "unknown architecture 'vgg-99'; known: alexnet-mini, alexnet-mini-bn, all-conv, resnet-20");
  }
}
