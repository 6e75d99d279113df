package dev.stride.evaluator.evaluation;

import dev.stride.contracts.events.DatasetSource;
import dev.stride.contracts.events.SplitSpec;
import dev.stride.contracts.events.SyntheticSpec;
import dev.stride.data.ImageSet;
import dev.stride.data.SyntheticCifar;
import dev.stride.nn.Architectures;
import dev.stride.nn.LastEpochParameters;
import dev.stride.nn.TrainingJob;
import dev.stride.nn.TrainingLoop;
import dev.stride.storage.DatasetWriter;
import dev.stride.storage.ObjectStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the evaluator's tests stand on: a small synthetic dataset in the store, a trained model. */
final class EvaluationFixtures {

  private EvaluationFixtures() {}

  /** Writes {@code id} as an ingest would, from synthetic images. */
  static void writeDataset(
      ObjectStore store, String id, ImageSet train, ImageSet validation, ImageSet test, long seed) {
    new DatasetWriter(store, 1000)
        .write(
            id,
            new DatasetWriter.Contents(
                "synthetic",
                train,
                validation,
                test,
                SyntheticCifar.CLASS_NAMES,
                null,
                DatasetSource.ofSynthetic(
                    new SyntheticSpec(train.size(), validation.size(), test.size(), seed)),
                SplitSpec.notebook(),
                "sha256:test"),
            0);
  }

  /** One short epoch of real alexnet-mini training; the parameters file it leaves. */
  static Path train(ImageSet train, ImageSet validation, long seed) throws IOException {
    Path file = Files.createTempFile("stride-eval-test", ".params");
    TrainingLoop.run(
        TrainingJob.builder()
            .setBlock(Architectures.alexnetMini(10))
            .setTrainSet(train)
            .setValidationSet(validation)
            .optEpochs(1)
            .optBatchSize(32)
            .optSeed(seed)
            .optObserver(new LastEpochParameters(file))
            .build());
    return file;
  }
}
