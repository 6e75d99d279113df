package dev.stride.nn.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ConvShapeTest {

  @Test
  void theNotebooksSliderCell() {
    ConvShape conv = new ConvShape(TensorShape.parse("10x10x3"), 3, 2, 1, Padding.VALID);

    assertThat(conv.output()).isEqualTo(TensorShape.volume(9, 9, 3));
    assertThat(conv.describe()).isEqualTo("10×10×3 → conv 3 filters 2×2 stride 1 valid → 9×9×3");
    assertThat(conv.working())
        .containsExactly(
            "height and width, valid: ⌊(n−k)/s⌋+1 = ⌊(10−2)/1⌋+1 = 9",
            "channels = filters = 3",
            "parameters = (k·k·C + 1)·filters = (2·2·3 + 1)·3 = 39");
  }

  @Test
  void samePaddingKeepsCeilOfSizeOverStride() {
    ConvShape conv = new ConvShape(TensorShape.parse("32×24×3"), 8, 3, 2, Padding.SAME);

    assertThat(conv.describe()).isEqualTo("32×24×3 → conv 8 filters 3×3 stride 2 same → 16×12×8");
    assertThat(conv.working())
        .startsWith("height, same: ⌈n/s⌉ = ⌈32/2⌉ = 16", "width, same: ⌈n/s⌉ = ⌈24/2⌉ = 12");
  }

  @Test
  void tensorFlowsFormulasRoundTowardsMinusInfinity() {
    assertThat(ConvArithmetic.outputSize(10, 3, 3, Padding.VALID)).isEqualTo(3);
    assertThat(ConvArithmetic.outputSize(10, 12, 3, Padding.VALID)).isEqualTo(0);
    assertThat(ConvArithmetic.outputSize(10, 3, 3, Padding.SAME)).isEqualTo(4);
    assertThat(ConvArithmetic.outputSize(1, 11, 1, Padding.SAME)).isEqualTo(1);
  }

  @Test
  void saysWhyTheOutputWouldBeEmpty() {
    ConvShape conv = new ConvShape(TensorShape.parse("10x10x3"), 3, 11, 1, Padding.VALID);

    assertThatThrownBy(conv::output)
        .isInstanceOf(ShapeException.class)
        .hasMessage(
            "kernel 11×11 with stride 1 and 'valid' padding does not fit a 10×10×3 input:"
                + " ⌊(10−11)/1⌋+1 = 0");
  }

  @Test
  void refusesZeroFiltersAndMalformedShapes() {
    assertThatThrownBy(() -> new ConvShape(TensorShape.parse("10x10x3"), 0, 2, 1, Padding.VALID))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessage("'filters' must be at least 1, got 0");
    assertThatThrownBy(() -> TensorShape.parse("10x10"))
        .hasMessage("a shape is height×width×channels such as 32x32x3, got '10x10'");
  }
}
