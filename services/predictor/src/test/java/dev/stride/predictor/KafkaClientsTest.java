package dev.stride.predictor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stride.devstack.DevStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every Kafka client of the service carries the kafka.* security settings: the tests run with SASL
 * settings that PLAINTEXT ignores (application.properties, %test), and a client that missed them
 * here would miss KAFKA_SASL_* and KAFKA_SSL_* in a secured cluster.
 */
@QuarkusTest
@QuarkusTestResource(DevStackTestResource.class)
class KafkaClientsTest {

  @Inject
  @Identifier("default-kafka-broker")
  Map<String, Object> kafka;

  @Inject KafkaClientService clients;

  @Test
  void everyKafkaClientCarriesTheSecuritySettings() {
    assertThat(kafka)
        .containsEntry("security.protocol", "PLAINTEXT")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .hasEntrySatisfying(
            "sasl.jaas.config", jaas -> assertThat(jaas.toString()).contains("ScramLoginModule"));
    assertThat(clients.getProducerChannels()).isEmpty();
    for (String channel : clients.getProducerChannels()) {
      carries(clients.getProducer(channel).configuration(), "the producer of " + channel);
    }
    assertThat(clients.getConsumerChannels()).containsExactlyInAnyOrder("evaluation-events");
    for (String channel : clients.getConsumerChannels()) {
      for (KafkaConsumer<Object, Object> consumer : clients.getConsumers(channel)) {
        carries(consumer.configuration(), "a consumer of " + channel);
      }
    }
  }

  private void carries(Map<String, ?> client, String which) {
    for (String key : new String[] {"security.protocol", "sasl.mechanism", "sasl.jaas.config"}) {
      assertThat(String.valueOf(client.get(key)))
          .as("%s of %s", key, which)
          .isEqualTo(String.valueOf(kafka.get(key)));
    }
  }
}
