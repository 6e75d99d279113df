package dev.stride.contracts.events;

/**
 * Every message Stride puts on Kafka. The body is the record as JSON; {@link EventType} gives its
 * CloudEvents type and topic; {@link #key()} is the Kafka key, so that all events of one dataset or
 * run stay in order on one partition.
 */
public sealed interface Event
    permits DatasetIngestRequested,
        DatasetProgressed,
        DatasetIngested,
        DatasetFailed,
        RunRequested,
        RunCancelRequested,
        RunStarted,
        RunProgressed,
        EpochCompleted,
        CheckpointSaved,
        RunCompleted,
        RunFailed,
        RunCancelled,
        EvaluationCompleted,
        EvaluationFailed,
        ModelPromoted {

  /** The entity id: a dataset id or a run id. */
  String key();
}
