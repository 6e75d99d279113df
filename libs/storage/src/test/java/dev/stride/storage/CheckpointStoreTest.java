package dev.stride.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stride.contracts.ObjectKeys;
import dev.stride.contracts.objects.Checkpoint;
import dev.stride.devstack.DevStack;
import dev.stride.devstack.DevStackExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(DevStackExtension.class)
class CheckpointStoreTest {

  private static ObjectStore store;
  private static CheckpointStore checkpoints;

  @BeforeAll
  static void connect(DevStack stack) {
    store = ObjectStoreTest.connectTo(stack);
    checkpoints = new CheckpointStore(store);
  }

  @Test
  void writesFilesThenDocumentThenPointersAndFetchesThemChecked(@TempDir Path dir)
      throws Exception {
    Path parameters = Files.write(dir.resolve("p.bin"), new byte[] {9, 8, 7, 6});

    Checkpoint stored = checkpoints.save(description("run-a", 2), parameters, true);
    Checkpoint.StoredFile file = stored.file(Checkpoint.PARAMETERS);

    assertThat(file.key()).isEqualTo("runs/run-a/checkpoints/epoch-0002/parameters.bin");
    assertThat(file.size()).isEqualTo(4);
    assertThat(store.getJson(ObjectKeys.latestCheckpoint("run-a"), Checkpoint.class))
        .isEqualTo(stored);
    assertThat(store.getJson(ObjectKeys.bestCheckpoint("run-a"), Checkpoint.class))
        .isEqualTo(stored);
    Path out = Files.createDirectory(dir.resolve("out"));
    CheckpointStore.Fetched fetched =
        checkpoints.fetch(CheckpointStore.documentKey("run-a", 2), out);
    assertThat(fetched.checkpoint()).isEqualTo(stored);
    assertThat(Files.readAllBytes(fetched.parameters())).containsExactly(9, 8, 7, 6);
  }

  @Test
  void aLaterEpochMovesLatestButNotBest(@TempDir Path dir) throws Exception {
    Path parameters = Files.write(dir.resolve("p.bin"), new byte[] {1});
    checkpoints.save(description("run-b", 1), parameters, true);

    checkpoints.save(description("run-b", 2), parameters, false);

    assertThat(store.getJson(ObjectKeys.latestCheckpoint("run-b"), Checkpoint.class).epoch())
        .isEqualTo(2);
    assertThat(store.getJson(ObjectKeys.bestCheckpoint("run-b"), Checkpoint.class).epoch())
        .isEqualTo(1);
  }

  @Test
  void refusesATruncatedFile(@TempDir Path dir) throws Exception {
    Checkpoint stored =
        checkpoints.save(
            description("run-c", 1), Files.write(dir.resolve("p.bin"), new byte[100]), true);
    store.put(stored.file(Checkpoint.PARAMETERS).key(), new byte[60], ObjectStore.BINARY);

    assertThatThrownBy(() -> checkpoints.fetch(CheckpointStore.documentKey("run-c", 1), dir))
        .isInstanceOf(CorruptCheckpointException.class)
        .hasMessage(
            "checkpoint file runs/run-c/checkpoints/epoch-0001/parameters.bin has 60 bytes,"
                + " runs/run-c/checkpoints/epoch-0001/checkpoint.json says 100");
  }

  @Test
  void refusesAFlippedByte(@TempDir Path dir) throws Exception {
    byte[] bytes = new byte[100];
    Checkpoint stored =
        checkpoints.save(description("run-d", 1), Files.write(dir.resolve("p.bin"), bytes), true);
    bytes[50] = 1;
    store.put(stored.file(Checkpoint.PARAMETERS).key(), bytes, ObjectStore.BINARY);

    assertThatThrownBy(() -> checkpoints.fetch(ObjectKeys.latestCheckpoint("run-d"), dir))
        .isInstanceOf(CorruptCheckpointException.class)
        .hasMessageStartingWith(
            "checkpoint file runs/run-d/checkpoints/epoch-0001/parameters.bin has sha256 ");
  }

  @Test
  void refusesAMissingDocumentOrFile(@TempDir Path dir) throws Exception {
    Checkpoint stored =
        checkpoints.save(
            description("run-e", 1), Files.write(dir.resolve("p.bin"), new byte[3]), true);
    store.delete(stored.file(Checkpoint.PARAMETERS).key());

    assertThatThrownBy(
            () -> checkpoints.fetch("runs/run-e/checkpoints/epoch-0009/checkpoint.json", dir))
        .isInstanceOf(CorruptCheckpointException.class)
        .hasMessage("checkpoint runs/run-e/checkpoints/epoch-0009/checkpoint.json does not exist");
    assertThatThrownBy(() -> checkpoints.fetch(CheckpointStore.documentKey("run-e", 1), dir))
        .isInstanceOf(CorruptCheckpointException.class)
        .hasMessage("checkpoint file runs/run-e/checkpoints/epoch-0001/parameters.bin is missing");
  }

  @Test
  void fallsBackFromATornLatestToTheNewestWholeCheckpoint(@TempDir Path dir) throws Exception {
    checkpoints.save(
        description("run-f", 1), Files.write(dir.resolve("p1.bin"), new byte[] {1}), true);
    Checkpoint second =
        checkpoints.save(
            description("run-f", 2), Files.write(dir.resolve("p2.bin"), new byte[] {2, 2}), false);
    store.put(second.file(Checkpoint.PARAMETERS).key(), new byte[] {9}, ObjectStore.BINARY);
    List<String> reasons = new java.util.ArrayList<>();

    CheckpointStore.Fetched fetched =
        checkpoints
            .newestWhole("run-f", Files.createDirectory(dir.resolve("out")), reasons::add)
            .orElseThrow();

    assertThat(fetched.checkpoint().epoch()).isEqualTo(1);
    assertThat(reasons)
        .containsExactly(
            "checkpoint file runs/run-f/checkpoints/epoch-0002/parameters.bin has 1 bytes,"
                + " runs/run-f/checkpoints/latest.json says 2",
            "checkpoint file runs/run-f/checkpoints/epoch-0002/parameters.bin has 1 bytes,"
                + " runs/run-f/checkpoints/epoch-0002/checkpoint.json says 2");
    assertThat(checkpoints.newestWhole("run-none", dir, reasons::add)).isEmpty();
  }

  @Test
  void fallsBackFromATornNamedCheckpointToThePreviousWholeEpoch(@TempDir Path dir)
      throws Exception {
    Checkpoint first =
        checkpoints.save(
            description("run-g", 1), Files.write(dir.resolve("p1.bin"), new byte[] {1}), true);
    checkpoints.save(
        description("run-g", 2), Files.write(dir.resolve("p2.bin"), new byte[] {2}), false);
    Checkpoint third =
        checkpoints.save(
            description("run-g", 3), Files.write(dir.resolve("p3.bin"), new byte[] {3}), false);
    store.delete(CheckpointStore.documentKey("run-g", 2));
    store.put(third.file(Checkpoint.PARAMETERS).key(), new byte[] {4}, ObjectStore.BINARY);
    List<String> refused = new java.util.ArrayList<>();

    CheckpointStore.Fetched fetched =
        checkpoints
            .wholeAtOrBefore(
                "run-g",
                CheckpointStore.documentKey("run-g", 3),
                3,
                Files.createDirectory(dir.resolve("out")),
                refused::add)
            .orElseThrow();

    assertThat(fetched.checkpoint()).isEqualTo(first);
    assertThat(refused)
        .containsExactly(
            "checkpoint file runs/run-g/checkpoints/epoch-0003/parameters.bin has sha256 "
                + sha256(new byte[] {4})
                + ", runs/run-g/checkpoints/epoch-0003/checkpoint.json says "
                + third.file(Checkpoint.PARAMETERS).sha256(),
            "checkpoint runs/run-g/checkpoints/epoch-0002/checkpoint.json does not exist");
    store.put(first.file(Checkpoint.PARAMETERS).key(), new byte[0], ObjectStore.BINARY);
    assertThat(
            checkpoints.wholeAtOrBefore(
                "run-g", CheckpointStore.documentKey("run-g", 3), 3, dir, r -> {}))
        .isEmpty();
  }

  private static String sha256(byte[] bytes) throws Exception {
    return java.util.HexFormat.of()
        .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
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
