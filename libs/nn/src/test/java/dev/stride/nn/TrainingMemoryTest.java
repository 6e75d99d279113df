package dev.stride.nn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stride.nn.summary.ModelSummary;
import org.junit.jupiter.api.Test;

class TrainingMemoryTest {

  private static final ModelSummary ALEXNET_MINI =
      ModelSummary.of(Presets.load("alexnet-mini"), 10);

  @Test
  void alexnetMiniAtTheNotebooksBatchSize() {
    // parameters: 2,023,370 trainable × 4 copies × 4 bytes = 32,373,920
    // per image: 75,850 output floats (49,152 + 4,800 + 12,800 + 1,152 + 1,728 + 1,728 + 1,152 +
    // 128 + 128 + 1,024 + 1,024 + 1,024 + 10) × 3 × 4 bytes + a 3,073-byte record + 3,072 floats
    assertThat(TrainingMemory.estimateBytes(ALEXNET_MINI, 128))
        .isEqualTo(32_373_920L + 128L * (75_850L * 12 + 3_073 + 3_072 * 4));
  }

  @Test
  void growsWithTheBatchByTheSameAmountPerImage() {
    long perImage =
        TrainingMemory.estimateBytes(ALEXNET_MINI, 2)
            - TrainingMemory.estimateBytes(ALEXNET_MINI, 1);

    assertThat(TrainingMemory.estimateBytes(ALEXNET_MINI, 512))
        .isEqualTo(TrainingMemory.estimateBytes(ALEXNET_MINI, 128) + 384 * perImage);
  }

  @Test
  void countsTheLayersInsideResidualBlocks() {
    ModelSummary resnet = ModelSummary.of(Presets.load("resnet-20"), 10);
    long topLevelOnly = 0;
    for (var layer : resnet.layers()) {
      topLevelOnly +=
          layer.output().dims().stream().mapToLong(Integer::longValue).reduce(1, (a, b) -> a * b);
    }
    long perImage =
        TrainingMemory.estimateBytes(resnet, 2) - TrainingMemory.estimateBytes(resnet, 1);

    assertThat(perImage).isGreaterThan(topLevelOnly * 12 + 3_073 + 3_072 * 4);
  }
}
