package dev.stride.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stride.contracts.ObjectKeys;
import dev.stride.contracts.objects.Checkpoint;
import dev.stride.devstack.DevStack;
import dev.stride.devstack.DevStackExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints while the devstack's S3 server is down (killed with SIGKILL, then restarted on the
 * same port and data): a write that outlasts the outage lands whole; a write that gives up leaves
 * the previous checkpoint named by the pointer, loadable, and nothing under the new one's key.
 */
@ExtendWith(DevStackExtension.class)
class CheckpointOutageTest {

  private static final Duration RESTART = Duration.ofSeconds(120);

  private static DevStack stack;
  private static ObjectStore store;
  private static CheckpointStore patient;
  private static ObjectStore impatientStore;
  private static CheckpointStore impatient;

  @BeforeAll
  static void connect(DevStack devStack) {
    stack = devStack;
    store = ObjectStoreTest.connectTo(stack);
    StoreSettings settings = ObjectStoreTest.settings(stack);
    // rides out a restart of the S3 server (about a minute of tries, at most 1 s apart)
    patient =
        new CheckpointStore(
            ObjectStore.connect(settings, 70, Duration.ofMillis(100), Duration.ofSeconds(1)));
    // gives up within a second
    impatientStore =
        ObjectStore.connect(settings, 3, Duration.ofMillis(100), Duration.ofMillis(200));
    impatient = new CheckpointStore(impatientStore);
  }

  @Test
  void aCheckpointWrittenDuringAnOutageIsStoredWholeWhenTheStoreReturns(@TempDir Path dir)
      throws Exception {
    Path parameters = randomFile(dir.resolve("p.bin"), 3 * 1024 * 1024, 1);
    patient.save(description("outage-a", 1), randomFile(dir.resolve("p1.bin"), 10, 2), true);
    CompletableFuture<Checkpoint> saving;

    stack.s3().kill();
    try {
      assertThatThrownBy(() -> impatientStore.exists("anything"))
          .as("the store is down")
          .isInstanceOf(StorageException.class)
          .hasMessageContaining("ConnectException");
      saving =
          CompletableFuture.supplyAsync(
              () -> patient.save(description("outage-a", 2), parameters, false));
    } finally {
      stack.s3().restart(RESTART);
    }

    Checkpoint stored = saving.get(3, TimeUnit.MINUTES);
    assertThat(stored.epoch()).isEqualTo(2);
    assertThat(store.getJson(ObjectKeys.latestCheckpoint("outage-a"), Checkpoint.class))
        .isEqualTo(stored);
    CheckpointStore.Fetched fetched =
        patient.fetch(
            ObjectKeys.latestCheckpoint("outage-a"), Files.createDirectory(dir.resolve("out")));
    assertThat(Files.readAllBytes(fetched.parameters())).isEqualTo(Files.readAllBytes(parameters));
  }

  @Test
  void aWriteThatGivesUpLeavesThePreviousCheckpointNamedWholeAndNothingUnderItsKey(
      @TempDir Path dir) throws Exception {
    Path first = randomFile(dir.resolve("p1.bin"), 4096, 3);
    Checkpoint previous = patient.save(description("outage-b", 1), first, true);

    stack.s3().kill();
    try {
      assertThatThrownBy(
              () ->
                  impatient.save(
                      description("outage-b", 2), randomFile(dir.resolve("p2.bin"), 4096, 4), true))
          .isInstanceOf(StorageException.class)
          .hasMessageStartingWith(
              "upload stride/runs/outage-b/checkpoints/epoch-0002/parameters.bin failed:"
                  + " ConnectException");
    } finally {
      stack.s3().restart(RESTART);
    }

    assertThat(store.list("runs/outage-b/checkpoints/epoch-0002")).isEmpty();
    assertThat(store.getJson(ObjectKeys.latestCheckpoint("outage-b"), Checkpoint.class))
        .isEqualTo(previous);
    assertThat(store.getJson(ObjectKeys.bestCheckpoint("outage-b"), Checkpoint.class))
        .isEqualTo(previous);
    List<String> refused = new ArrayList<>();
    CheckpointStore.Fetched resumed =
        patient
            .newestWhole("outage-b", Files.createDirectory(dir.resolve("out")), refused::add)
            .orElseThrow();
    assertThat(resumed.checkpoint()).isEqualTo(previous);
    assertThat(Files.readAllBytes(resumed.parameters())).isEqualTo(Files.readAllBytes(first));
    assertThat(refused).isEmpty();
  }

  private static Path randomFile(Path file, int size, long seed) throws Exception {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return Files.write(file, bytes);
  }

  private static Checkpoint description(String runId, int epoch) {
    return new Checkpoint(
        runId,
        "ds",
        epoch,
        0,
        "alexnet-mini",
        null,
        List.of("a", "b"),
        "scale",
        null,
        null,
        0.5,
        0.8,
        List.of(),
        OffsetDateTime.parse("2026-11-28T10:00:00Z"));
  }
}
