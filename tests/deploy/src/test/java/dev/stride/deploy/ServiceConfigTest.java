package dev.stride.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** ServiceConfig reads a service's keys as SmallRye Config does, from a compiled mapping. */
class ServiceConfigTest {

  static final String PROPERTIES =
      """
      quarkus.http.port=8099
      demo.store.endpoint=${stride.store.endpoint:http://127.0.0.1:9000}
      kafka.bootstrap.servers=127.0.0.1:9092
      %test.demo.size=1
      """;

  /** A service's mapping as the services write theirs: groups, defaults, optional keys. */
  @ConfigMapping(prefix = "demo")
  public interface DemoConfig {
    Store store();

    @WithDefault("${java.io.tmpdir}")
    String workDirectory();

    @WithDefault("PT5S")
    Duration progressInterval();

    Optional<List<String>> allowedHosts();

    /** No default: a deployment must set it. */
    String modelName();

    Batching batching();

    interface Store {
      String endpoint();

      String bucket();
    }

    interface Batching {
      @WithDefault("32")
      int maxBatchSize();
    }
  }

  static ServiceConfig demo() {
    return ServiceConfig.of("demo", DemoConfig.class, PROPERTIES);
  }

  @Test
  void readsKeysFromPropertiesMappingsGroupsAndExpressions() {
    assertThat(demo().keys())
        .containsExactlyInAnyOrder(
            "quarkus.http.port",
            "kafka.bootstrap.servers",
            "demo.store.endpoint",
            "demo.store.bucket",
            "stride.store.endpoint",
            "demo.work-directory",
            "demo.progress-interval",
            "demo.allowed-hosts",
            "demo.model-name",
            "demo.batching.max-batch-size");
  }

  @Test
  void wouldNotStartWithoutAKeyThatHasNoDefaultOrWithAValueOfTheWrongType() {
    assertThat(demo().startProblems(Map.of()))
        .hasSize(2)
        .anyMatch(p -> p.contains("demo.store.bucket"))
        .anyMatch(p -> p.contains("demo.model-name"));
    assertThat(
            demo()
                .startProblems(
                    Map.of(
                        "DEMO_STORE_BUCKET", "stride",
                        "DEMO_MODEL_NAME", "cifar10",
                        "DEMO_PROGRESS_INTERVAL", "5 seconds")))
        .singleElement()
        .asString()
        .contains("demo.progress-interval");
  }

  @Test
  void resolvesValuesFromTheEnvironmentThenPropertiesThenDefaults() {
    ServiceConfig demo = demo();

    assertThat(demo.value("demo.store.endpoint", Map.of())).hasValue("http://127.0.0.1:9000");
    assertThat(
            demo.value("demo.store.endpoint", Map.of("STRIDE_STORE_ENDPOINT", "http://minio:9000")))
        .hasValue("http://minio:9000");
    assertThat(demo.value("demo.store.endpoint", Map.of("DEMO_STORE_ENDPOINT", "http://s3:443")))
        .hasValue("http://s3:443");
    assertThat(demo.value("demo.progress-interval", Map.of())).hasValue("PT5S");
    assertThat(demo.value("demo.work-directory", Map.of()))
        .hasValue(System.getProperty("java.io.tmpdir"));
    assertThat(demo.value("demo.model-name", Map.of())).isEmpty();
    assertThat(demo.value("demo.size", Map.of())).as("test profile").isEmpty();
  }

  @Test
  void namesEnvironmentVariablesAsSmallRyeDoes() {
    assertThat(ServiceConfig.envName("stride.store.access-key"))
        .isEqualTo("STRIDE_STORE_ACCESS_KEY");
    assertThat(ServiceConfig.envName("quarkus.log.category.\"ai.djl\".level"))
        .isEqualTo("QUARKUS_LOG_CATEGORY__AI_DJL__LEVEL");
  }

  @Test
  void everyServiceOfTheCheckoutListensOnAPortAndReadsKafkaAndTheStore() {
    assertThat(Design.serviceConfigs().keySet()).containsExactlyElementsOf(Checkout.services());
    for (ServiceConfig config : Design.serviceConfigs().values()) {
      assertThat(config.value("quarkus.http.port", Map.of())).as(config.name()).isPresent();
      assertThat(config.keys())
          .as(config.name())
          .contains("kafka.bootstrap.servers", "stride.store.endpoint");
    }
  }
}
