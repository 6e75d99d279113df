package dev.stride.console.control;

import dev.stride.messaging.EventPublisher;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Puts the console's commands on Kafka as CloudEvents: run requests on {@code training.requests},
 * cancels on {@code training.control}, keyed by run id. Returns once the broker has the command, so
 * a 202 means it is durable.
 */
@ApplicationScoped
public class ControlPublisher extends EventPublisher {

  ControlPublisher() {
    super("/stride/console");
  }
}
