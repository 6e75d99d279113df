package dev.stride.contracts.events;

import dev.stride.contracts.Topics;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The catalogue of events: each record's topic and CloudEvents type. The type is derived, not
 * written out: {@code dev.stride.<area>.<record name in kebab case>.v1}, the area being the first
 * word of the topic, e.g. {@code EpochCompleted} on {@code training.events} is {@code
 * dev.stride.training.epoch-completed.v1}.
 */
public enum EventType {
  DATASET_INGEST_REQUESTED(DatasetIngestRequested.class, Topics.DATASET_REQUESTS),
  DATASET_PROGRESSED(DatasetProgressed.class, Topics.DATASET_EVENTS),
  DATASET_INGESTED(DatasetIngested.class, Topics.DATASET_EVENTS),
  DATASET_FAILED(DatasetFailed.class, Topics.DATASET_EVENTS),
  RUN_REQUESTED(RunRequested.class, Topics.TRAINING_REQUESTS),
  RUN_CANCEL_REQUESTED(RunCancelRequested.class, Topics.TRAINING_CONTROL),
  RUN_STARTED(RunStarted.class, Topics.TRAINING_EVENTS),
  RUN_PROGRESSED(RunProgressed.class, Topics.TRAINING_EVENTS),
  EPOCH_COMPLETED(EpochCompleted.class, Topics.TRAINING_EVENTS),
  CHECKPOINT_SAVED(CheckpointSaved.class, Topics.TRAINING_EVENTS),
  RUN_COMPLETED(RunCompleted.class, Topics.TRAINING_EVENTS),
  RUN_FAILED(RunFailed.class, Topics.TRAINING_EVENTS),
  RUN_CANCELLED(RunCancelled.class, Topics.TRAINING_EVENTS),
  EVALUATION_COMPLETED(EvaluationCompleted.class, Topics.EVALUATION_EVENTS),
  EVALUATION_FAILED(EvaluationFailed.class, Topics.EVALUATION_EVENTS),
  MODEL_PROMOTED(ModelPromoted.class, Topics.EVALUATION_EVENTS);

  /** Major version of every type; a reader of v1 accepts any v1 body and ignores unknown fields. */
  public static final int VERSION = 1;

  private static final Map<String, EventType> BY_TYPE =
      Arrays.stream(values()).collect(Collectors.toMap(EventType::type, Function.identity()));
  private static final Map<Class<?>, EventType> BY_CLASS =
      Arrays.stream(values())
          .collect(Collectors.toMap(EventType::recordClass, Function.identity()));

  private final Class<? extends Event> recordClass;
  private final String topic;
  private final String type;

  EventType(Class<? extends Event> recordClass, String topic) {
    this.recordClass = recordClass;
    this.topic = topic;
    String area = topic.substring(0, topic.indexOf('.'));
    String name = recordClass.getSimpleName().replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase();
    this.type = "dev.stride." + area + "." + name + ".v" + VERSION;
  }

  public Class<? extends Event> recordClass() {
    return recordClass;
  }

  public String topic() {
    return topic;
  }

  /** The CloudEvents {@code type} attribute. */
  public String type() {
    return type;
  }

  public static EventType of(Event event) {
    return BY_CLASS.get(event.getClass());
  }

  public static Optional<EventType> ofType(String type) {
    return Optional.ofNullable(BY_TYPE.get(type));
  }
}
