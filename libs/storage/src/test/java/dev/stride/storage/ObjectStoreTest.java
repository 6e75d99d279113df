package dev.stride.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stride.devstack.DevStack;
import dev.stride.devstack.DevStackExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(DevStackExtension.class)
class ObjectStoreTest {

  record Doc(String name, int count) {}

  private static ObjectStore store;
  private static String endpoint;

  @BeforeAll
  static void connect(DevStack stack) {
    endpoint = stack.s3().endpoint();
    store = ObjectStore.connect(settings(stack));
    store.ensureBucket();
  }

  @Test
  void putsAndGetsBytesAndJson() {
    store.put("t/bytes.bin", new byte[] {1, 2, 3}, ObjectStore.BINARY);
    store.putJson("t/doc.json", new Doc("a", 3));

    assertThat(store.get("t/bytes.bin")).containsExactly(1, 2, 3);
    assertThat(store.getJson("t/doc.json", Doc.class)).isEqualTo(new Doc("a", 3));
    assertThat(new String(store.get("t/doc.json"))).contains("\"name\" : \"a\"");
  }

  @Test
  void saysWhatIsMissing() {
    assertThatThrownBy(() -> store.get("t/none"))
        .isInstanceOf(ObjectNotFoundException.class)
        .hasMessage("no object at t/none");
    assertThat(store.findJson("t/none.json", Doc.class)).isEmpty();
    assertThat(store.stat("t/none")).isEmpty();
    assertThat(store.exists("t/none")).isFalse();
  }

  @Test
  void namesTheDocumentThatIsNotValidJson() {
    store.put("t/broken.json", "{\"name\":".getBytes(), ObjectStore.JSON);

    assertThatThrownBy(() -> store.getJson("t/broken.json", Doc.class))
        .isInstanceOf(StorageException.class)
        .hasMessageStartingWith("t/broken.json is not a valid Doc");
  }

  @Test
  void listsByPrefixInKeyOrder() {
    store.put("list/b/2", new byte[2], ObjectStore.BINARY);
    store.put("list/a/1", new byte[1], ObjectStore.BINARY);
    store.put("list/b/1", new byte[3], ObjectStore.BINARY);

    assertThat(store.list("list/b/"))
        .containsExactly(new ObjectInfo("list/b/1", 3), new ObjectInfo("list/b/2", 2));

    store.deletePrefix("list/");
    assertThat(store.list("list/")).isEmpty();
  }

  @Test
  void uploadsAndDownloadsLargeFilesInParts(@TempDir Path dir) throws Exception {
    byte[] bytes = new byte[12 * 1024 * 1024 + 17];
    new Random(1).nextBytes(bytes);
    Path file = Files.write(dir.resolve("big.bin"), bytes);

    store.putFile("t/big.bin", file, ObjectStore.BINARY);
    store.download("t/big.bin", dir.resolve("back.bin"));

    assertThat(store.stat("t/big.bin")).hasValue(new ObjectInfo("t/big.bin", bytes.length));
    assertThat(Files.readAllBytes(dir.resolve("back.bin"))).isEqualTo(bytes);
  }

  @Test
  void givesUpOnAnUnreachableStoreWithTheOperationAndKey() {
    ObjectStore nowhere =
        ObjectStore.connect(
            new StoreSettings("http://127.0.0.1:1", "a", "b", "stride"),
            3,
            Duration.ofMillis(10),
            Duration.ofMillis(20));

    assertThatThrownBy(() -> nowhere.put("t/x", new byte[1], ObjectStore.BINARY))
        .isInstanceOf(StorageException.class)
        .hasMessageStartingWith("put stride/t/x failed: ConnectException");
  }

  @Test
  void refusesWrongCredentialsAtOnce() {
    ObjectStore intruder =
        ObjectStore.connect(new StoreSettings(endpoint, "stride", "wrong", "stride"));

    assertThatThrownBy(() -> intruder.get("t/bytes.bin"))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("SignatureDoesNotMatch");
  }

  @Test
  void timesEveryCallByOperationAndOutcomeAndCountsRetries() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ObjectStore measured = store.withMetrics(registry);
    measured.put("metrics/a", new byte[] {1}, ObjectStore.BINARY);
    measured.get("metrics/a");
    measured.get("metrics/a");
    assertThat(measured.stat("metrics/none")).isEmpty();

    assertThat(calls(registry, "put", "success")).isEqualTo(1);
    assertThat(calls(registry, "get", "success")).isEqualTo(2);
    assertThat(calls(registry, "stat", "not-found")).isEqualTo(1);
    assertThat(registry.find("stride.store.retries").counters()).isEmpty();

    ObjectStore nowhere =
        ObjectStore.connect(
                new StoreSettings("http://127.0.0.1:1", "a", "b", "stride"),
                3,
                Duration.ofMillis(10),
                Duration.ofMillis(20))
            .withMetrics(registry);
    assertThatThrownBy(() -> nowhere.get("t/x")).isInstanceOf(StorageException.class);

    assertThat(calls(registry, "get", "error")).isEqualTo(1);
    // three attempts: two of them retries
    assertThat(registry.get("stride.store.retries").tag("operation", "get").counter().count())
        .isEqualTo(2.0);
  }

  private static long calls(SimpleMeterRegistry registry, String operation, String outcome) {
    return registry
        .get("stride.store.operation")
        .tags("operation", operation, "outcome", outcome)
        .timer()
        .count();
  }

  /** A store on the devstack's S3 server, its bucket created. */
  static ObjectStore connectTo(DevStack stack) {
    ObjectStore store = ObjectStore.connect(settings(stack));
    store.ensureBucket();
    return store;
  }

  static StoreSettings settings(DevStack stack) {
    return new StoreSettings(
        stack.s3().endpoint(), stack.s3().accessKey(), stack.s3().secretKey(), stack.bucket());
  }
}
