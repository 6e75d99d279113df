package dev.stride.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import dev.stride.data.ImageSet;
import dev.stride.data.SyntheticCifar;
import dev.stride.nn.spec.ArchitectureSpec;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A network written as a spec trains, saves and loads like a preset. */
class SpecTrainingTest {

  @Test
  void aTwoConvolutionSpecClearlyBeatsChanceOnSyntheticDataInThreeEpochs(@TempDir Path dir)
      throws Exception {
    ArchitectureSpec spec =
        ArchitectureSpec.parse(
            """
            name: two-conv
            layers:
              - {type: conv, filters: 16, kernel: 3, padding: same, activation: relu}
              - {type: maxpool, size: 2}
              - {type: conv, filters: 32, kernel: 3, padding: same, activation: relu}
              - {type: maxpool, size: 2}
              - {type: flatten}
              - {type: dense, units: classes}
            """);
    ImageSet validation = SyntheticCifar.generate(256, 2);
    Path parameters = dir.resolve("parameters.bin");

    TrainingResult result =
        TrainingLoop.run(
            TrainingJob.builder()
                .setBlock(Architectures.build(spec, 10))
                .setTrainSet(SyntheticCifar.generate(1024, 1))
                .setValidationSet(validation)
                .optEpochs(3)
                .optBatchSize(32)
                .optObserver(new LastEpochParameters(parameters))
                .build());

    // 448 + 4,640 + 8·8·32·10 + 10
    assertThat(result.parameterCount()).isEqualTo(25_578);
    assertThat(result.history()).hasSize(3);
    assertThat(result.last().valAccuracy()).isGreaterThan(0.5);
    try (Classifier classifier = Classifier.load(spec, 10, parameters, Device.cpu())) {
      assertThat(classifier.score(validation, 64).accuracy())
          .isEqualTo(result.last().valAccuracy());
    }
  }
}
