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

  /**
   * A garbled {@code checkpoint.json} and a garbled {@code latest.json}: resume falls back to the
   * newest whole checkpoint and names both.
   */
  @Test
  void fallsBackFromGarbledDocumentsAndPointersToTheNewestWholeCheckpoint(@TempDir Path dir)
      throws Exception {
    checkpoints.save(
        description("run-h", 1), Files.write(dir.resolve("p1.bin"), new byte[] {1}), true);
    checkpoints.save(
        description("run-h", 2), Files.write(dir.resolve("p2.bin"), new byte[] {2}), false);
    store.put(
        CheckpointStore.documentKey("run-h", 2),
        "{\"runId\": \"run-h\", \"epo".getBytes(),
        ObjectStore.JSON);
    store.put(ObjectKeys.latestCheckpoint("run-h"), new byte[] {0, 1, 2}, ObjectStore.JSON);
    List<String> reasons = new java.util.ArrayList<>();

    CheckpointStore.Fetched fetched =
        checkpoints
            .newestWhole("run-h", Files.createDirectory(dir.resolve("out")), reasons::add)
            .orElseThrow();

    assertThat(fetched.checkpoint().epoch()).isEqualTo(1);
    assertThat(reasons).hasSize(2);
    assertThat(reasons.get(0))
        .startsWith("checkpoint runs/run-h/checkpoints/latest.json is unreadable: ");
    assertThat(reasons.get(1))
        .startsWith("checkpoint runs/run-h/checkpoints/epoch-0002/checkpoint.json is unreadable: ");
  }

  /** JSON that parses but is no whole checkpoint of this run is refused like torn bytes. */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource(
      delimiter = '|',
      value = {
        "null | is empty",
        "{} | is unreadable",
        "{\"epoch\":1,\"batch\":0,\"valLoss\":0,\"valAccuracy\":0} | names no run",
        "[] | is unreadable",
        "{\"runId\":\"run-i\",\"epoch\":1,\"batch\":0,\"valLoss\":0,\"valAccuracy\":0} | lists no parameters.bin",
        "{\"runId\":\"other\",\"epoch\":1,\"batch\":0,\"valLoss\":0,\"valAccuracy\":0} | belongs to run other, not run-i",
        "{\"runId\":\"run-i\",\"epoch\":1,\"batch\":0,\"valLoss\":0,\"valAccuracy\":0,\"files\":[{\"name\":\"parameters.bin\",\"key\":"
            + "\"runs/other/checkpoints/epoch-0001/parameters.bin\",\"size\":1,\"sha256\":\"x\"}]}"
            + " | names runs/other/checkpoints/epoch-0001/parameters.bin, outside run-i's checkpoints",
      })
  void refusesJsonThatIsNoWholeCheckpointOfThisRun(String document, String problem)
      throws Exception {
    String key = ObjectKeys.bestCheckpoint("run-i");
    store.put(key, document.getBytes(), ObjectStore.JSON);

    assertThatThrownBy(() -> checkpoints.fetch(key, java.nio.file.Files.createTempDirectory("c")))
        .isInstanceOf(CorruptCheckpointException.class)
        .hasMessageStartingWith("checkpoint runs/run-i/checkpoints/best.json ")
        .hasMessageContaining(problem);
  }

  /** A garbled {@code best.json}: evaluation falls back to the newest whole epoch before it. */
  @Test
  void fallsBackFromAGarbledBestPointer(@TempDir Path dir) throws Exception {
    Checkpoint first =
        checkpoints.save(
            description("run-j", 1), Files.write(dir.resolve("p1.bin"), new byte[] {1}), true);
    store.put(ObjectKeys.bestCheckpoint("run-j"), "{\"files\": 7}".getBytes(), ObjectStore.JSON);
    List<String> refused = new java.util.ArrayList<>();

    CheckpointStore.Fetched fetched =
        checkpoints
            .wholeAtOrBefore(
                "run-j",
                ObjectKeys.bestCheckpoint("run-j"),
                2,
                Files.createDirectory(dir.resolve("out")),
                refused::add)
            .orElseThrow();

    assertThat(fetched.checkpoint()).isEqualTo(first);
    assertThat(refused).hasSize(1);
    assertThat(refused.get(0))
        .startsWith("checkpoint runs/run-j/checkpoints/best.json is unreadable: ");
  }

  private static String sha256(byte[] bytes) throws Exception {
    return java.util.HexFormat.of()
        .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  @Test
  void pruneKeepsTheNewestAndTheBestAndDeletesTheRest(@TempDir Path dir) throws Exception {
    Path parameters = Files.write(dir.resolve("p.bin"), new byte[1000]);
    checkpoints.save(description("run-keep", 1), parameters, false);
    checkpoints.save(description("run-keep", 2), parameters, true); // the best
    for (int epoch = 3; epoch <= 11; epoch++) {
      checkpoints.save(description("run-keep", epoch), parameters, false);
    }
    // a run stopped 5 batches into epoch 12: newer than epoch 11
    checkpoints.save(description("run-keep", 12, 5), parameters, false);

    long deleted = checkpoints.prune("run-keep", 3);

    assertThat(folders("run-keep"))
        .containsExactly("epoch-0002", "epoch-0010", "epoch-0011", "epoch-0012-batch-00005");
    // eight checkpoints of 1000 bytes and a document each
    assertThat(deleted).isGreaterThan(8 * 1000);
    Path out = Files.createDirectory(dir.resolve("out"));
    assertThat(checkpoints.newestWhole("run-keep", out, reason -> {}).orElseThrow().checkpoint())
        .extracting(Checkpoint::epoch, Checkpoint::batch)
        .containsExactly(12, 5);
    assertThat(checkpoints.fetch(ObjectKeys.bestCheckpoint("run-keep"), out).checkpoint().epoch())
        .isEqualTo(2);

    assertThat(checkpoints.prune("run-keep", 1)).isGreaterThan(2 * 1000);
    assertThat(folders("run-keep")).containsExactly("epoch-0002", "epoch-0012-batch-00005");
  }

  @Test
  void pruneOrdersEpochsPastTheirPadding(@TempDir Path dir) throws Exception {
    Path parameters = Files.write(dir.resolve("p.bin"), new byte[10]);
    checkpoints.save(description("run-long", 9999), parameters, true);
    checkpoints.save(description("run-long", 10000), parameters, false);
    checkpoints.save(description("run-long", 10001), parameters, false);

    checkpoints.prune("run-long", 1);

    assertThat(folders("run-long")).containsExactly("epoch-10001", "epoch-9999");
  }

  /** The run's checkpoint folders, by name. */
  private static List<String> folders(String runId) {
    String prefix = ObjectKeys.checkpoints(runId);
    return store.list(prefix).stream()
        .map(o -> o.key().substring(prefix.length()))
        .filter(k -> k.contains("/"))
        .map(k -> k.substring(0, k.indexOf('/')))
        .distinct()
        .sorted()
        .toList();
  }

  private static Checkpoint description(String runId, int epoch) {
    return description(runId, epoch, 0);
  }

  private static Checkpoint description(String runId, int epoch, int batch) {
    return new Checkpoint(
        runId,
        "ds",
        epoch,
        batch,
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
