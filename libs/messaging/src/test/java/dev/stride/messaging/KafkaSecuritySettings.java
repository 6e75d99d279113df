package dev.stride.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import java.util.List;
import java.util.Map;

/**
 * What each service's KafkaClientsTest checks: every Kafka client of the service carries the
 * kafka.* security settings. The tests run with SASL settings that PLAINTEXT ignores
 * (application.properties, %test), and a client that missed them there would miss KAFKA_SASL_* and
 * KAFKA_SSL_* in a secured cluster.
 */
public final class KafkaSecuritySettings {

  private static final String[] KEYS = {"security.protocol", "sasl.mechanism", "sasl.jaas.config"};

  private final Map<String, Object> broker;

  /**
   * @param broker what Quarkus hands every Kafka client
   *     ({@code @Identifier("default-kafka-broker")})
   */
  public KafkaSecuritySettings(Map<String, Object> broker) {
    this.broker = broker;
  }

  /**
   * The test settings are there, the service's SmallRye channels are exactly {@code producers} and
   * {@code consumers}, and each of their clients carries the settings.
   */
  public void assertEveryChannelCarriesThem(
      KafkaClientService clients, List<String> producers, List<String> consumers) {
    assertThat(broker)
        .containsEntry("security.protocol", "PLAINTEXT")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .hasEntrySatisfying(
            "sasl.jaas.config", jaas -> assertThat(jaas.toString()).contains("ScramLoginModule"));
    assertThat(clients.getProducerChannels()).containsExactlyInAnyOrderElementsOf(producers);
    for (String channel : clients.getProducerChannels()) {
      assertCarries(clients.getProducer(channel).configuration(), "the producer of " + channel);
    }
    assertThat(clients.getConsumerChannels()).containsExactlyInAnyOrderElementsOf(consumers);
    for (String channel : clients.getConsumerChannels()) {
      for (KafkaConsumer<Object, Object> consumer : clients.getConsumers(channel)) {
        assertCarries(consumer.configuration(), "a consumer of " + channel);
      }
    }
  }

  /** A client the service makes itself, outside SmallRye's channels, carries them too. */
  public void assertCarries(Map<String, ?> client, String which) {
    for (String key : KEYS) {
      assertThat(String.valueOf(client.get(key)))
          .as("%s of %s", key, which)
          .isEqualTo(String.valueOf(broker.get(key)));
    }
  }
}
