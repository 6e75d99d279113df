package dev.stride.predictor.api;

import dev.stride.contracts.ObjectKeys;
import dev.stride.contracts.events.ModelPromoted;
import dev.stride.contracts.objects.Checkpoint;
import dev.stride.contracts.objects.ModelPointer;
import dev.stride.data.ImageSet;
import dev.stride.data.SyntheticCifar;
import dev.stride.devstack.DevStack;
import dev.stride.devstack.EventTap;
import dev.stride.nn.Architectures;
import dev.stride.nn.LastEpochParameters;
import dev.stride.nn.TrainingJob;
import dev.stride.nn.TrainingLoop;
import dev.stride.storage.CheckpointStore;
import dev.stride.storage.ObjectStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;

/** Models for the predictor to serve: trained for real (one short epoch), then promoted. */
public final class TestModels {

  private TestModels() {}

  /** Parameters of a mini-AlexNet trained one epoch on 200 of the pictures. */
  public static Path train(ImageSet pictures, long seed) throws IOException {
    Path file = Files.createTempFile("stride-predictor-test", ".params");
    TrainingLoop.run(
        TrainingJob.builder()
            .setBlock(Architectures.alexnetMini(10))
            .setTrainSet(pictures.slice(0, 200))
            .setValidationSet(pictures.slice(200, 256))
            .optEpochs(1)
            .optBatchSize(50)
            .optSeed(seed)
            .optObserver(new LastEpochParameters(file))
            .build());
    return file;
  }

  /** Saves a checkpoint, points the registry's "cifar10" at it, and publishes ModelPromoted. */
  static void promote(
      DevStack stack,
      ObjectStore store,
      CheckpointStore checkpoints,
      String runId,
      Path parameters) {
    promote(stack, store, checkpoints, "cifar10", runId, parameters);
  }

  /** As above for the model {@code modelName}. */
  public static void promote(
      DevStack stack,
      ObjectStore store,
      CheckpointStore checkpoints,
      String modelName,
      String runId,
      Path parameters) {

    Checkpoint saved =
        checkpoints.save(
            new Checkpoint(
                runId,
                "ds",
                1,
                0,
                "alexnet-mini",
                null,
                SyntheticCifar.CLASS_NAMES,
                "scale",
                null,
                null,
                1,
                0.5,
                List.of(),
                OffsetDateTime.now()),
            parameters,
            true);
    String key = CheckpointStore.documentKey(runId, saved.epoch());
    store.putJson(
        ObjectKeys.currentModel(modelName),
        new ModelPointer(
            modelName, runId, key, "alexnet-mini", 0.5, null, "manual", OffsetDateTime.now()));
    try (EventTap tap = EventTap.open(stack.kafka().bootstrapServers(), List.of())) {
      tap.publish(new ModelPromoted(runId, modelName, key, 0.5, null), "/test");
    }
  }
}
