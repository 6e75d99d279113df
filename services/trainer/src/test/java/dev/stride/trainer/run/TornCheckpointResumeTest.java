package dev.stride.trainer.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stride.contracts.ObjectKeys;
import dev.stride.contracts.Topics;
import dev.stride.contracts.events.EpochCompleted;
import dev.stride.contracts.events.Hyperparameters;
import dev.stride.contracts.events.RunCompleted;
import dev.stride.contracts.events.RunRequested;
import dev.stride.contracts.events.RunStarted;
import dev.stride.contracts.objects.Checkpoint;
import dev.stride.devstack.DevStack;
import dev.stride.devstack.DevStackTestResource;
import dev.stride.devstack.EventTap;
import dev.stride.devstack.InjectDevStack;
import dev.stride.devstack.LogCapture;
import dev.stride.storage.CheckpointStore;
import dev.stride.storage.ObjectStore;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A run taken over whose newest checkpoint is torn (its parameters truncated, missing, or with one
 * byte flipped; or its documents garbled) continues from the previous whole checkpoint; RunStarted
 * and the log say which checkpoint was refused and why.
 */
@QuarkusTest
@QuarkusTestResource(DevStackTestResource.class)
class TornCheckpointResumeTest {

  private static final Duration WAIT = Duration.ofSeconds(120);

  /** Ways a checkpoint's parameters can be torn after its document was written. */
  enum Tear {
    TRUNCATED,
    MISSING,
    FLIPPED_BYTE,
    /** latest.json and the epoch's checkpoint.json garbled: JSON, but no checkpoint of the run */
    GARBLED_DOCUMENTS
  }

  @InjectDevStack DevStack stack;
  @Inject ObjectStore store;
  @Inject CheckpointStore checkpoints;
  EventTap tap;

  @BeforeEach
  void seedDatasetAndOpenTap() {
    TinyDataset.ensure(store);
    tap = EventTap.open(stack.kafka().bootstrapServers(), List.of(Topics.TRAINING_EVENTS));
  }

  @AfterEach
  void closeTap() {
    tap.close();
  }

  @ParameterizedTest
  @EnumSource(Tear.class)
  void resumesFromThePreviousWholeCheckpointAndSaysWhichWasRefused(
      Tear tear, @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    String run = "run-torn-" + tear.name().toLowerCase(Locale.ROOT);
    // a run another worker left after epoch 2, whose epoch-2 checkpoint is torn
    Path parameters = trainedParameters(run, dir);
    Checkpoint whole = checkpoints.save(description(run, 1), parameters, true);
    Checkpoint torn = checkpoints.save(description(run, 2), parameters, false);
    List<String> reasons = tear(torn, tear);

    RunStarted started;
    try (LogCapture log = LogCapture.of(RunExecutor.class.getName())) {
      tap.publish(request(run, 3), "/test");
      started = tap.await(RunStarted.class, e -> e.runId().equals(run), WAIT);
      assertThat(log.lines())
          .contains(
              "WARN run " + run + ": passing over a torn checkpoint: " + reasons.get(0),
              "WARN run " + run + ": passing over a torn checkpoint: " + reasons.get(1));
    }

    assertThat(started.startEpoch()).isEqualTo(2);
    assertThat(started.resumedFrom()).isEqualTo(CheckpointStore.documentKey(run, whole.epoch()));
    assertThat(started.refusedCheckpoints()).containsExactlyElementsOf(reasons);
    RunCompleted completed = tap.await(RunCompleted.class, e -> e.runId().equals(run), WAIT);
    assertThat(completed.finalEpoch()).isEqualTo(3);
    assertThat(tap.events(EpochCompleted.class, run))
        .extracting(EpochCompleted::epoch)
        .containsExactly(2, 3);
    // the retrained epoch 2 replaced the torn checkpoint with a whole one
    checkpoints.fetch(CheckpointStore.documentKey(run, 2), Files.createDirectory(dir.resolve("2")));
  }

  /**
   * Parameters of the network the trainer builds for this run: a one-epoch run of two batches,
   * whose checkpoint is read back.
   */
  private Path trainedParameters(String run, Path dir) throws Exception {
    String seed = run + "-seed";
    tap.publish(
        new RunRequested(
            seed, TinyDataset.ID, "alexnet-mini", null, new Hyperparameters(1, 64, null, 1L, 2)),
        "/test");
    RunCompleted completed = tap.await(RunCompleted.class, e -> e.runId().equals(seed), WAIT);
    return checkpoints
        .fetch(completed.checkpointKey(), Files.createDirectory(dir.resolve("seed")))
        .parameters();
  }

  /**
   * Tears a checkpoint's parameters; the reasons a resume gives for refusing it, first through
   * {@code latest.json}, then through its own document.
   */
  private List<String> tear(Checkpoint checkpoint, Tear tear) throws Exception {
    Checkpoint.StoredFile file = checkpoint.file(Checkpoint.PARAMETERS);
    String document = CheckpointStore.documentKey(checkpoint.runId(), checkpoint.epoch());
    String latest = ObjectKeys.latestCheckpoint(checkpoint.runId());
    byte[] bytes = store.get(file.key());
    String found;
    switch (tear) {
      case TRUNCATED -> {
        store.put(file.key(), Arrays.copyOf(bytes, bytes.length / 2), ObjectStore.BINARY);
        found = " has " + bytes.length / 2 + " bytes, ";
      }
      case GARBLED_DOCUMENTS -> {
        store.put(latest, "null".getBytes(), ObjectStore.JSON);
        com.fasterxml.jackson.databind.node.ObjectNode other =
            dev.stride.contracts.Json.fromBytes(
                store.get(document), com.fasterxml.jackson.databind.node.ObjectNode.class);
        other.put("runId", "other");
        store.put(document, dev.stride.contracts.Json.toPrettyBytes(other), ObjectStore.JSON);
        return List.of(
            "checkpoint " + latest + " is empty",
            "checkpoint " + document + " belongs to run other, not " + checkpoint.runId());
      }
      case MISSING -> {
        store.delete(file.key());
        String missing = "checkpoint file " + file.key() + " is missing";
        return List.of(missing, missing);
      }
      default -> {
        bytes[bytes.length / 2] ^= 1;
        store.put(file.key(), bytes, ObjectStore.BINARY);
        found =
            " has sha256 "
                + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes))
                + ", ";
      }
    }
    String says = tear == Tear.TRUNCATED ? " says " + file.size() : " says " + file.sha256();
    return List.of(
        "checkpoint file " + file.key() + found + latest + says,
        "checkpoint file " + file.key() + found + document + says);
  }

  private static RunRequested request(String run, int epochs) {
    return new RunRequested(
        run, TinyDataset.ID, "alexnet-mini", null, new Hyperparameters(epochs, 64, null, 1L, 2));
  }

  private static Checkpoint description(String runId, int epoch) {
    return new Checkpoint(
        runId,
        TinyDataset.ID,
        epoch,
        0,
        "alexnet-mini",
        null,
        dev.stride.data.SyntheticCifar.CLASS_NAMES,
        "scale",
        null,
        null,
        1.0,
        0.5,
        List.of(),
        java.time.OffsetDateTime.now());
  }
}
