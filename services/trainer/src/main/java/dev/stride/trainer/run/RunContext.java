package dev.stride.trainer.run;

import dev.stride.contracts.events.RunRequested;
import dev.stride.contracts.objects.RunHistory;
import dev.stride.observability.Tracing;
import dev.stride.storage.CheckpointStore;
import dev.stride.storage.ObjectStore;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

/**
 * One run as its {@link RunObserver} sees it: what runs, where it starts, and where its events,
 * metrics, spans, history and checkpoints go.
 *
 * @param worker who trains it, as RunStarted names it
 * @param before the run's history up to a resume; null for a new run
 * @param parameters where the newest parameters are kept locally, for the filter pictures
 * @param stop polled between batches: true ends the run early, leaving a checkpoint
 * @param keepCheckpoints how many of the newest checkpoints stay (trainer.keep-checkpoints)
 */
record RunContext(
    RunRequested request,
    RunPlan plan,
    String worker,
    StartPoint start,
    RunHistory before,
    Path parameters,
    BooleanSupplier stop,
    TrainingEventPublisher events,
    TrainingMetrics metrics,
    Tracing tracing,
    ObjectStore store,
    CheckpointStore checkpoints,
    int keepCheckpoints) {}
