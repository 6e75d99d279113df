package dev.stride.predictor;

import dev.stride.devstack.DevStackTestResource;
import dev.stride.messaging.KafkaSecuritySettings;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every Kafka client of the service carries the kafka.* security settings. */
@QuarkusTest
@QuarkusTestResource(DevStackTestResource.class)
class KafkaClientsTest {

  @Inject
  @Identifier("default-kafka-broker")
  Map<String, Object> kafka;

  @Inject KafkaClientService clients;

  @Test
  void everyKafkaClientCarriesTheSecuritySettings() {
    KafkaSecuritySettings security = new KafkaSecuritySettings(kafka);
    security.assertEveryChannelCarriesThem(clients, List.of(), List.of("evaluation-events"));
  }
}
