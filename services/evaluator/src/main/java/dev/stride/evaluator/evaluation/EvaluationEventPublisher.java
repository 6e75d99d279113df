package dev.stride.evaluator.evaluation;

import dev.stride.messaging.EventPublisher;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Puts evaluation results and promotions on {@code evaluation.events}, keyed by run id. Returns
 * once the broker has the event; throws otherwise, and the record that caused it is retried.
 */
@ApplicationScoped
public class EvaluationEventPublisher extends EventPublisher {

  EvaluationEventPublisher() {
    super("/stride/evaluator");
  }
}
