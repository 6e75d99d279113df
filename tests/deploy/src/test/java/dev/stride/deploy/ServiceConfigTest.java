package dev.stride.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ServiceConfig reads a service's keys as SmallRye Config would, from properties and sources. */
class ServiceConfigTest {

  static final String PROPERTIES =
      """
      quarkus.http.port=8099
      demo.store.endpoint=${stride.store.endpoint:http://127.0.0.1:9000}
      kafka.bootstrap.servers=127.0.0.1:9092
      %test.demo.size=1
      """;

  static final String CONFIG =
      """
      package demo;

      @ConfigMapping(prefix = "demo")
      public interface DemoConfig {
        /** Where everything is kept. */
        StoreConfig store();

        // "${java.io.tmpdir}" is a system property: always there
        @WithDefault("${java.io.tmpdir}")
        String workDirectory();

        @WithDefault("PT5S")
        Duration progressInterval();

        Optional<List<String>> allowedHosts();

        /** No default: a deployment must set it. */
        String modelName();

        /** A group nested in the mapping that uses it. */
        Batching batching();

        interface Batching {
          @WithDefault("32")
          int maxBatchSize();
        }

        enum Mode {
          FAST,
          SLOW
        }
      }
      """;

  static final String STORE =
      "public interface StoreConfig { String endpoint(); String bucket(); }";

  static ServiceConfig demo() {
    return ServiceConfig.parse("demo", PROPERTIES, List.of(CONFIG), List.of(STORE, CONFIG));
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
  void requiredKeysHaveNoDefaultNoPropertyAndAreNotOptional() {
    assertThat(demo().requiredKeys())
        .containsExactlyInAnyOrder("demo.store.bucket", "demo.model-name");
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
    assertThat(demo.value("demo.work-directory", Map.of())).hasValue("<java.io.tmpdir>");
    assertThat(demo.value("demo.model-name", Map.of())).isEmpty();
    assertThat(demo.value("demo.size", Map.of())).as("test profile").isEmpty();
  }

  @Test
  void namesEnvironmentVariablesAsSmallRyeDoes() {
    assertThat(ServiceConfig.envName("stride.store.access-key"))
        .isEqualTo("STRIDE_STORE_ACCESS_KEY");
    assertThat(ServiceConfig.envName("quarkus.log.category.\"ai.djl\".level"))
        .isEqualTo("QUARKUS_LOG_CATEGORY__AI_DJL__LEVEL");
    assertThat(ConfigMappings.kebab("maxImagePixels")).isEqualTo("max-image-pixels");
  }

  @Test
  void everyServiceOfTheCheckoutListensOnAPortAndReadsKafkaAndTheStore() {
    for (ServiceConfig config : Design.serviceConfigs().values()) {
      assertThat(config.value("quarkus.http.port", Map.of())).as(config.name()).isPresent();
      assertThat(config.keys())
          .as(config.name())
          .contains("kafka.bootstrap.servers", "stride.store.endpoint");
    }
  }
}
