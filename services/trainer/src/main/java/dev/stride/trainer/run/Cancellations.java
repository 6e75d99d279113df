package dev.stride.trainer.run;

import dev.stride.contracts.ObjectKeys;
import dev.stride.contracts.events.RunCancelRequested;
import dev.stride.storage.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Cancels asked on training.control. Every worker sees every cancel: the one training the run stops
 * it at the next batch; a marker in the store stops whoever takes the run's request later.
 */
@ApplicationScoped
public class Cancellations {

  private final Set<String> cancelled = ConcurrentHashMap.newKeySet();

  @Inject ObjectStore store;

  public void cancel(RunCancelRequested request) {
    store.putJson(
        ObjectKeys.runCancel(request.runId()),
        Map.of(
            "runId",
            request.runId(),
            "reason",
            request.reason() == null ? "cancelled" : request.reason()));
    cancelled.add(request.runId());
  }

  /** Whether the run was cancelled, here or by any worker before. */
  public boolean isCancelled(String runId) {
    return cancelled.contains(runId) || store.exists(ObjectKeys.runCancel(runId));
  }

  /** The reason given with the cancel, if the run was cancelled. */
  @SuppressWarnings("unchecked")
  public Optional<String> reason(String runId) {
    return store
        .findJson(ObjectKeys.runCancel(runId), Map.class)
        .map(m -> String.valueOf(m.get("reason")));
  }

  /** For the stop flag of a running run: no store round trip per batch. */
  boolean cancelledHere(String runId) {
    return cancelled.contains(runId);
  }
}
