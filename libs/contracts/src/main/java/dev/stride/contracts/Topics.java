package dev.stride.contracts;

import java.util.List;

/**
 * Kafka topic names, as in ARCHITECTURE.md's topic table. The key of every record is the entity id.
 */
public final class Topics {

  /** Ingest commands, keyed by dataset id. */
  public static final String DATASET_REQUESTS = "dataset.requests";

  /** DatasetProgressed, DatasetIngested and DatasetFailed, keyed by dataset id. */
  public static final String DATASET_EVENTS = "dataset.events";

  /** Run specs, keyed by run id; consumed by the {@code trainers} group. */
  public static final String TRAINING_REQUESTS = "training.requests";

  /** Cancel commands, keyed by run id. */
  public static final String TRAINING_CONTROL = "training.control";

  /** The life of a run, keyed by run id. */
  public static final String TRAINING_EVENTS = "training.events";

  /** EvaluationCompleted, EvaluationFailed and ModelPromoted, keyed by run id. */
  public static final String EVALUATION_EVENTS = "evaluation.events";

  /** Every topic above, in the order of the topic table. */
  public static final List<String> ALL =
      List.of(
          DATASET_REQUESTS,
          DATASET_EVENTS,
          TRAINING_REQUESTS,
          TRAINING_CONTROL,
          TRAINING_EVENTS,
          EVALUATION_EVENTS);

  private Topics() {}

  /** The dead-letter topic of {@code topic}: messages its consumers could not process. */
  public static String deadLetter(String topic) {
    return topic + ".dlq";
  }
}
