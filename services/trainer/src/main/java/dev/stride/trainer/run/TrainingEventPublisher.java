package dev.stride.trainer.run;

import dev.stride.contracts.events.CloudEventsKafka;
import dev.stride.contracts.events.Event;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/** Puts a run's events on {@code training.events} as CloudEvents, keyed by run id. */
@ApplicationScoped
public class TrainingEventPublisher {

  static final String SOURCE = "/stride/trainer";
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @Inject
  @Channel("events")
  Emitter<ProducerRecord<String, byte[]>> emitter;

  /**
   * Returns once the broker has the event, so that a request is only acknowledged after what it
   * caused is durable.
   *
   * @throws PublishException if the broker did not take it in time
   */
  public void publish(Event event) {
    try {
      emitter
          .send(CloudEventsKafka.toRecord(event, SOURCE))
          .toCompletableFuture()
          .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PublishException("interrupted while publishing " + name(event), e);
    } catch (ExecutionException | TimeoutException e) {
      throw new PublishException("Kafka did not take " + name(event) + ": " + e.getMessage(), e);
    }
  }

  private static String name(Event event) {
    return event.getClass().getSimpleName() + "(" + event.key() + ")";
  }
}
