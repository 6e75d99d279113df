package dev.stride.trainer.run;

import dev.stride.contracts.events.Event;
import dev.stride.contracts.events.EventType;
import dev.stride.messaging.EventPublisher;
import jakarta.enterprise.context.ApplicationScoped;

/** Puts a run's events on {@code training.events} as CloudEvents, keyed by run id. */
@ApplicationScoped
public class TrainingEventPublisher extends EventPublisher {

  TrainingEventPublisher() {
    super("/stride/trainer");
  }

  /**
   * Returns once the broker has the event, so that a request is only acknowledged after what it
   * caused is durable.
   *
   * @throws PublishException if the broker refused it or delivery timed out
   */
  @Override
  public void publish(Event event) {
    try {
      super.publish(event);
    } catch (RuntimeException e) {
      throw new PublishException(
          "Kafka did not take a record for "
              + EventType.of(event).topic()
              + " ("
              + event.key()
              + ")",
          e);
    }
  }
}
