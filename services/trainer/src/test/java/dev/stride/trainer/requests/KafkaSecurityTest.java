package dev.stride.trainer.requests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stride.trainer.TrainerConfig;
import io.quarkus.kafka.client.runtime.KafkaRuntimeConfigProducer;
import io.quarkus.runtime.ApplicationConfig;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * The Kafka security settings, given as the environment variables deploy/k8s sets, reach the
 * trainer's own request consumer: env → Quarkus' default-kafka-broker settings (what SmallRye's
 * channels also take) → the consumer's properties → a Kafka client that uses them.
 */
class KafkaSecurityTest {

  private static final String JAAS =
      "org.apache.kafka.common.security.scram.ScramLoginModule required"
          + " username=\"stride-trainer\" password=\"s3cret\";";
  private static final Map<String, String> SECURED =
      Map.of(
          "KAFKA_BOOTSTRAP_SERVERS", "stride-kafka-bootstrap:9093",
          "KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
          "KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
          "KAFKA_SASL_JAAS_CONFIG", JAAS,
          "KAFKA_SSL_TRUSTSTORE_LOCATION", "/etc/stride/kafka-ca/ca.p12",
          "KAFKA_SSL_TRUSTSTORE_TYPE", "PKCS12",
          "KAFKA_SSL_TRUSTSTORE_PASSWORD", "ca-password");

  /** The trainer's application.properties (default profile) under the given environment. */
  private static SmallRyeConfig config(Map<String, String> env) throws IOException {
    Map<String, String> store = new HashMap<>();
    for (String key : new String[] {"endpoint", "access-key", "secret-key", "bucket", "region"}) {
      store.put("trainer.store." + key, "x");
    }
    return new SmallRyeConfigBuilder()
        .withMapping(TrainerConfig.class)
        .withSources(new EnvConfigSource(env, 300))
        .withSources(
            new PropertiesConfigSource(
                KafkaSecurityTest.class.getResource("/application.properties"), 250))
        .withSources(new PropertiesConfigSource(store, "store", 100))
        .withDefaultValue("java.io.tmpdir", "/tmp")
        .addDefaultInterceptors()
        .build();
  }

  /** What Quarkus hands every Kafka client as the default-kafka-broker settings. */
  private static Map<String, Object> defaultBroker(SmallRyeConfig config) {
    ApplicationConfig application =
        (ApplicationConfig)
            Proxy.newProxyInstance(
                ApplicationConfig.class.getClassLoader(),
                new Class<?>[] {ApplicationConfig.class},
                (proxy, method, args) -> Optional.of("stride-trainer"));
    return new KafkaRuntimeConfigProducer().createKafkaRuntimeConfig(config, application);
  }

  private static Map<String, Object> requestConsumer(Map<String, String> env) throws IOException {
    SmallRyeConfig config = config(env);
    TrainingRequestConsumer consumer = new TrainingRequestConsumer();
    consumer.config = config.getConfigMapping(TrainerConfig.class);
    consumer.kafkaConfig = defaultBroker(config);
    return consumer.consumerConfig();
  }

  @Test
  void theEnvironmentsSecuritySettingsReachTheRequestConsumer() throws IOException {
    assertThat(requestConsumer(SECURED))
        .containsEntry("bootstrap.servers", "stride-kafka-bootstrap:9093")
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry("sasl.jaas.config", JAAS)
        .containsEntry("ssl.truststore.location", "/etc/stride/kafka-ca/ca.p12")
        .containsEntry("ssl.truststore.type", "PKCS12")
        .containsEntry("ssl.truststore.password", "ca-password")
        .containsEntry("group.id", "trainers");
  }

  @Test
  void aClientBuiltFromThemUsesThem() throws IOException {
    Map<String, String> env = new HashMap<>(SECURED);
    env.put("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9093");
    // the truststore is only read by a client configured for TLS with it (and SASL's JAAS line
    // is parsed before it)
    assertThatThrownBy(() -> open(requestConsumer(env)))
        .isInstanceOf(KafkaException.class)
        .rootCause()
        .hasMessageContaining("/etc/stride/kafka-ca/ca.p12");
  }

  @Test
  void unsetTheyLeaveAPlaintextClientWithNoSaslOrTlsSetting() throws IOException {
    Map<String, Object> props = requestConsumer(Map.of());
    assertThat(props)
        .containsEntry("bootstrap.servers", "127.0.0.1:9092")
        .containsEntry("security.protocol", "PLAINTEXT");
    assertThat(props.keySet()).noneMatch(k -> k.startsWith("sasl.") || k.startsWith("ssl."));
    open(props).close();
  }

  @Test
  void emptySaslAndTlsOnesAreHarmlessOverPlaintextButAnEmptyProtocolStopsTheClient()
      throws IOException {
    Map<String, String> empty = new HashMap<>();
    SECURED.keySet().forEach(k -> empty.put(k, ""));
    empty.remove("KAFKA_BOOTSTRAP_SERVERS");
    // an empty variable is not an unset one: Quarkus passes it on as ""
    assertThatThrownBy(() -> open(requestConsumer(empty)))
        .hasMessageContaining("Invalid value  for configuration security.protocol");
    empty.remove("KAFKA_SECURITY_PROTOCOL");
    Map<String, Object> props = requestConsumer(empty);
    assertThat(props)
        .containsEntry("security.protocol", "PLAINTEXT")
        .containsEntry("sasl.mechanism", "");
    open(props).close();
  }

  private static KafkaConsumer<String, byte[]> open(Map<String, Object> props) {
    return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
  }
}
