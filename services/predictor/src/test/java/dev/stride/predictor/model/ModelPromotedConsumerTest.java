package dev.stride.predictor.model;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stride.contracts.Topics;
import dev.stride.contracts.events.ModelPromoted;
import dev.stride.data.SyntheticCifar;
import dev.stride.devstack.DevStack;
import dev.stride.devstack.DevStackTestResource;
import dev.stride.devstack.EventTap;
import dev.stride.devstack.InjectDevStack;
import dev.stride.messaging.CloudEventsKafka;
import dev.stride.predictor.api.TestModels;
import dev.stride.storage.CheckpointStore;
import dev.stride.storage.ObjectStore;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Poison on evaluation.events: dead-lettered with the reason, and the promotion after it is still
 * served. The registry is re-read only once an hour here, so only the event can switch the model.
 */
@QuarkusTest
@TestProfile(ModelPromotedConsumerTest.EventsOnly.class)
@QuarkusTestResource(DevStackTestResource.class)
class ModelPromotedConsumerTest {

  private static final String MODEL = "poison-model";
  private static final Duration WAIT = Duration.ofSeconds(60);

  /** Serves {@code model}, switched by events only: the registry is re-read once an hour. */
  public abstract static class EventsOnlyFor implements QuarkusTestProfile {
    private final String model;

    protected EventsOnlyFor(String model) {
      this.model = model;
    }

    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("predictor.model-name", model, "predictor.refresh-interval", "PT1H");
    }
  }

  public static class EventsOnly extends EventsOnlyFor {
    public EventsOnly() {
      super(MODEL);
    }
  }

  @InjectDevStack DevStack stack;
  @Inject ObjectStore store;
  @Inject CheckpointStore checkpoints;

  @Test
  void poisonGoesToTheDeadLetterTopicAndTheNextPromotionIsServed() throws Exception {
    Path parameters = TestModels.train(SyntheticCifar.generate(256, 41), 5);
    given().get("/q/health/ready").then().statusCode(503);
    try (EventTap tap =
        EventTap.open(
            stack.kafka().bootstrapServers(),
            List.of(Topics.deadLetter(Topics.EVALUATION_EVENTS)))) {
      // two poisons: no CloudEvent at all, and a promotion whose key is not its run id
      tap.send(
          new ProducerRecord<>(Topics.EVALUATION_EVENTS, "promoted-poison-1", "junk".getBytes()));
      ProducerRecord<String, byte[]> promoted =
          CloudEventsKafka.toRecord(
              new ModelPromoted("run-x", MODEL, "runs/run-x/none.json", 0.5, null), "/test");
      tap.send(
          new ProducerRecord<>(
              promoted.topic(), null, "promoted-poison-2", promoted.value(), promoted.headers()));
      TestModels.promote(stack, store, checkpoints, MODEL, "run-after-poison", parameters);

      Awaitility.await()
          .atMost(WAIT)
          .untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
      Awaitility.await()
          .atMost(WAIT)
          .untilAsserted(
              () -> {
                List<ConsumerRecord<String, byte[]>> dead = tap.records("promoted-poison-");
                assertThat(dead)
                    .extracting(ConsumerRecord::key)
                    .containsExactly("promoted-poison-1", "promoted-poison-2");
                assertThat(new String(dead.get(0).value())).isEqualTo("junk");
                assertThat(EventTap.header(dead.get(0), "dead-letter-reason"))
                    .isEqualTo("not a CloudEvents 1.0 message: header ce_specversion is absent");
                assertThat(EventTap.header(dead.get(1), "dead-letter-reason"))
                    .isEqualTo("Kafka key 'promoted-poison-2' differs from the event's id 'run-x'");
                assertThat(dead)
                    .allSatisfy(
                        r ->
                            assertThat(EventTap.header(r, "dead-letter-topic"))
                                .isEqualTo(Topics.EVALUATION_EVENTS));
              });
    }
  }
}
