package dev.stride.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.stride.nn.spec.ArchitectureSpec;
import dev.stride.nn.summary.ModelSummary;
import org.junit.jupiter.api.Test;

class ModelLimitsTest {

  @Test
  void everyPresetFitsTheDefaultsAtTheNotebooksBatchSize() {
    for (String name : Presets.NAMES) {
      ModelSummary summary = ModelSummary.of(Presets.load(name), 10);

      assertThatCode(() -> ModelLimits.DEFAULTS.check(summary, 128))
          .as(name)
          .doesNotThrowAnyException();
    }
  }

  @Test
  void refusesTooManyParametersNamingTheCountTheCapAndTheLargestLayer() {
    // dense: (32·32·3 + 1)·4096 = 12,587,008 parameters
    ModelSummary summary =
        ModelSummary.of(
            ArchitectureSpec.parse(
                "layers: [{type: conv, filters: 4, kernel: 3}, {type: flatten},"
                    + " {type: dense, units: 4096}, {type: dense, units: classes}]"),
            10);

    ModelTooLargeException e =
        catchThrowableOfType(
            ModelTooLargeException.class,
            () -> new ModelLimits(1_000_000, Long.MAX_VALUE).check(summary, 1));

    assertThat(e.layer()).hasValue(3);
    assertThat(e)
        .hasMessageStartingWith("layer 3 dense: the model has " + summary.totalParams())
        .hasMessageContaining("at most 1000000 are allowed")
        .hasMessageContaining("the largest layer is dense");
  }

  @Test
  void refusesActivationsOfABatchOverTheCapNamingTheBatchSize() {
    // one 32×32×1024 output: 1,048,576 floats, 4 MiB a picture
    ModelSummary summary =
        ModelSummary.of(
            ArchitectureSpec.parse(
                "layers: [{type: conv, filters: 1024, kernel: 1}, {type: globalavgpool},"
                    + " {type: dense, units: classes}]"),
            10);
    ModelLimits limits = new ModelLimits(Long.MAX_VALUE, 64L << 20);

    assertThatCode(() -> limits.check(summary, 8)).doesNotThrowAnyException();
    ModelTooLargeException e =
        catchThrowableOfType(ModelTooLargeException.class, () -> limits.check(summary, 32));

    assertThat(e.layer()).hasValue(1);
    assertThat(e)
        .hasMessageContaining("the activations of a batch of 32 take")
        .hasMessageContaining("at most " + (64L << 20) + " are allowed");
  }
}
