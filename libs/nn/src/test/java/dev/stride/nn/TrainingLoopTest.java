package dev.stride.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.Model;
import dev.stride.data.ImageSet;
import dev.stride.data.SyntheticCifar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingLoopTest {

  private static final ImageSet TRAIN = SyntheticCifar.generate(1024, 1);
  private static final ImageSet VALIDATION = SyntheticCifar.generate(256, 2);

  @Test
  void learnsSyntheticDataFarBeyondChanceAndReportsEveryEpoch(@TempDir Path dir) throws Exception {
    List<EpochStats> seen = new ArrayList<>();
    Path parameters = dir.resolve("parameters.bin");
    TrainingResult result =
        TrainingLoop.run(
            TrainingJob.builder()
                .setBlock(Architectures.alexnetMini(10))
                .setTrainSet(TRAIN)
                .setValidationSet(VALIDATION)
                .optEpochs(3)
                .optBatchSize(32)
                .optObserver(
                    new TrainingObserver() {
                      final LastEpochParameters save = new LastEpochParameters(parameters);

                      @Override
                      public void onEpoch(EpochStats stats, Model model) {
                        seen.add(stats);
                        save.onEpoch(stats, model);
                      }
                    })
                .build());

    assertThat(result.history()).hasSize(3).isEqualTo(seen);
    assertThat(result.parameterCount()).isEqualTo(2_023_370);
    assertThat(result.device()).isEqualTo(Device.cpu().toString());
    assertThat(result.stopped()).isFalse();
    assertThat(result.last().valAccuracy()).isGreaterThan(0.5);
    assertThat(result.last().loss()).isLessThan(result.history().get(0).loss());

    // the parameters of the last epoch score the validation set as the loop did
    try (Classifier classifier = Classifier.load("alexnet-mini", 10, parameters, Device.cpu())) {
      Classifier.Scores scores = classifier.score(VALIDATION, 100);
      assertThat(scores.accuracy()).isEqualTo(result.last().valAccuracy());
      assertThat(scores.loss())
          .isCloseTo(result.last().valLoss(), org.assertj.core.data.Offset.offset(1e-4));
      assertThat(scores.probabilities()[0]).hasSize(10);
    }
  }

  @Test
  void maxBatchesCapsAnEpochAndAStopRequestEndsTheRun() {
    int[] batches = {0};
    List<String> interrupted = new ArrayList<>();
    TrainingResult result =
        TrainingLoop.run(
            TrainingJob.builder()
                .setBlock(Architectures.alexnetMini(10))
                .setTrainSet(TRAIN)
                .setValidationSet(VALIDATION.slice(0, 32))
                .optEpochs(5)
                .optBatchSize(16)
                .optMaxBatches(2)
                .optObserver(
                    new TrainingObserver() {
                      @Override
                      public boolean stopRequested() {
                        return ++batches[0] > 3;
                      }

                      @Override
                      public void onInterrupted(int epoch, int batchesDone, Model model) {
                        interrupted.add(epoch + "/" + batchesDone);
                      }
                    })
                .build());

    // polled before each batch: epoch 1's two, then epoch 2's first; the fourth poll stops it
    assertThat(result.history()).hasSize(1);
    assertThat(result.stopped()).isTrue();
    assertThat(interrupted).containsExactly("2/1");
  }

  @Test
  void refusesParametersOfAnotherShape(@TempDir Path dir) throws Exception {
    Path junk = Files.write(dir.resolve("junk.bin"), new byte[] {1, 2, 3});

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> Classifier.load("alexnet-mini", 10, junk, Device.cpu()))
        .isInstanceOf(java.io.IOException.class)
        .hasMessageStartingWith("parameters in junk.bin do not fit alexnet-mini");
  }

  @Test
  void resumesFromACheckpointWithTheHistoryBefore(@TempDir Path dir) {
    Path parameters = dir.resolve("epoch-1.params");
    TrainingResult first =
        TrainingLoop.run(
            TrainingJob.builder()
                .setBlock(Architectures.alexnetMini(10))
                .setTrainSet(TRAIN)
                .setValidationSet(VALIDATION)
                .optEpochs(1)
                .optBatchSize(32)
                .optObserver(new LastEpochParameters(parameters))
                .build());

    TrainingResult resumed =
        TrainingLoop.run(
            TrainingJob.builder()
                .setBlock(Architectures.alexnetMini(10))
                .setTrainSet(TRAIN)
                .setValidationSet(VALIDATION)
                .optEpochs(2)
                .optBatchSize(32)
                .optResume(new Resume(2, 0, parameters, first.history()))
                .build());

    assertThat(resumed.history()).extracting(EpochStats::epoch).containsExactly(1, 2);
    assertThat(resumed.history().get(0)).isEqualTo(first.last());
    // epoch 2 starts from epoch 1's parameters, not from scratch: its loss is already lower
    assertThat(resumed.last().loss()).isLessThan(first.last().loss());
  }

  @Test
  void standardisesAugmentsAndSchedulesAsAsked() {
    TrainingResult result =
        TrainingLoop.run(
            TrainingJob.builder()
                .setBlock(Architectures.alexnetMini(10))
                .setTrainSet(TRAIN.slice(0, 256))
                .setValidationSet(VALIDATION.slice(0, 64))
                .optEpochs(2)
                .optBatchSize(64)
                .optShuffle(false)
                .optNormalization(
                    Normalization.standardize(List.of(0.3, 0.3, 0.3), List.of(0.2, 0.2, 0.2)))
                .optAugmentation(new Augmentation(true, true))
                .optSchedule(LearningRateSchedule.cosine(0.0001))
                .build());

    assertThat(result.history()).hasSize(2);
    assertThat(result.last().loss()).isFinite();
  }
}
