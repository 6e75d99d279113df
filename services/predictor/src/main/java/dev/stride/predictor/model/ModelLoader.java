package dev.stride.predictor.model;

import dev.stride.contracts.objects.Checkpoint;
import dev.stride.contracts.objects.ModelPointer;
import dev.stride.nn.Classifier;
import dev.stride.nn.DeviceSetting;
import dev.stride.nn.Normalization;
import dev.stride.storage.CheckpointStore;
import dev.stride.storage.CorruptCheckpointException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Fetches the checkpoint a registry entry points at, checks it, and loads it on the device. */
@ApplicationScoped
public class ModelLoader {

  @Inject DeviceSetting device;
  @Inject CheckpointStore checkpoints;

  /**
   * @param work an empty folder for the fetched parameters; the caller removes it
   * @throws CorruptCheckpointException if the checkpoint cannot be trusted
   */
  public ServedModel load(ModelPointer pointer, Path work)
      throws IOException, CorruptCheckpointException {
    CheckpointStore.Fetched fetched = checkpoints.fetch(pointer.checkpointKey(), work);
    Checkpoint checkpoint = fetched.checkpoint();
    Classifier classifier =
        Classifier.load(
            checkpoint.architecture(),
            checkpoint.architectureSpec() == null ? null : checkpoint.architectureSpec().toString(),
            checkpoint.classNames().size(),
            fetched.parameters(),
            device.device(),
            new Normalization(checkpoint.normalization(), checkpoint.mean(), checkpoint.std()));
    return new ServedModel(
        classifier, pointer, checkpoint.classNames(), OffsetDateTime.now(ZoneOffset.UTC));
  }
}
