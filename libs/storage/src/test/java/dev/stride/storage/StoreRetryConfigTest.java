package dev.stride.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.common.MapBackedConfigSource;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code stride.store.retry.*}: its defaults, its keys, and a store that gives up when told. */
class StoreRetryConfigTest {

  @Test
  void defaultsAreTheHalfMinuteBudgetAndPlainCodeGetsTheSame() {
    StoreRetryConfig mapped = mapping(Map.of());

    assertThat(mapped.attempts()).isEqualTo(10).isEqualTo(StoreRetryConfig.DEFAULTS.attempts());
    assertThat(mapped.firstDelay())
        .isEqualTo(Duration.ofMillis(200))
        .isEqualTo(StoreRetryConfig.DEFAULTS.firstDelay());
    assertThat(mapped.maxDelay())
        .isEqualTo(Duration.ofSeconds(5))
        .isEqualTo(StoreRetryConfig.DEFAULTS.maxDelay());
  }

  @Test
  void readsTheSharedKeys() {
    StoreRetryConfig mapped =
        mapping(
            Map.of(
                "stride.store.retry.attempts", "3",
                "stride.store.retry.first-delay", "PT1S",
                "stride.store.retry.max-delay", "PT2S"));

    assertThat(mapped.attempts()).isEqualTo(3);
    assertThat(mapped.firstDelay()).isEqualTo(Duration.ofSeconds(1));
    assertThat(mapped.maxDelay()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void aStoreGivesUpWithinItsConfiguredBudget() throws Exception {
    StoreSettings closed =
        new StoreSettings("http://127.0.0.1:" + closedPort(), "a", "b", "stride");
    ObjectStore store =
        ObjectStore.connect(
            closed,
            new StoreRetryConfig.Settings(2, Duration.ofMillis(100), Duration.ofMillis(200)));

    long start = System.nanoTime();
    assertThatThrownBy(() -> store.get("k"))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("get stride/k failed");
    // the default budget would take about 26 s
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void refusesABudgetOutOfRangeNamingTheKey() {
    StoreSettings settings = new StoreSettings("http://127.0.0.1:9", "a", "b", "c");

    assertThatThrownBy(
            () ->
                ObjectStore.connect(
                    settings,
                    new StoreRetryConfig.Settings(
                        0, Duration.ofMillis(100), Duration.ofSeconds(1))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("stride.store.retry.attempts must be at least 1, was 0");
    assertThatThrownBy(
            () ->
                ObjectStore.connect(
                    settings,
                    new StoreRetryConfig.Settings(3, Duration.ofSeconds(2), Duration.ofSeconds(1))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("stride.store.retry.max-delay must be longer than first-delay");
  }

  private static StoreRetryConfig mapping(Map<String, String> properties) {
    SmallRyeConfig config =
        new SmallRyeConfigBuilder()
            .withSources(new MapBackedConfigSource("test", properties) {})
            .withMapping(StoreRetryConfig.class)
            .build();
    return config.getConfigMapping(StoreRetryConfig.class);
  }

  /** A loopback port nothing listens on: every connection is refused at once. */
  private static int closedPort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
