package dev.stride.contracts.events;

import java.util.List;

/**
 * A trainer took the run; {@code device} is where it trains, e.g. "cpu()" or "gpu(0)". {@code
 * startEpoch} is 1 for a new run; a run taken over from another worker continues at the checkpoint
 * named by {@code resumedFrom} (in the middle of {@code startEpoch} if that checkpoint was written
 * when the run was stopped mid-epoch). {@code refusedCheckpoints} says why each newer checkpoint
 * was passed over (torn: truncated, missing, or failing its hash), each reason naming the object;
 * empty when the newest checkpoint was whole.
 */
public record RunStarted(
    String runId,
    String datasetId,
    String architecture,
    String device,
    long parameterCount,
    String worker,
    int startEpoch,
    String resumedFrom,
    List<String> refusedCheckpoints)
    implements Event {

  public RunStarted {
    Checks.required(runId, "runId");
    refusedCheckpoints = refusedCheckpoints == null ? List.of() : List.copyOf(refusedCheckpoints);
  }

  /** A start that passed over no checkpoint. */
  public RunStarted(
      String runId,
      String datasetId,
      String architecture,
      String device,
      long parameterCount,
      String worker,
      int startEpoch,
      String resumedFrom) {
    this(
        runId,
        datasetId,
        architecture,
        device,
        parameterCount,
        worker,
        startEpoch,
        resumedFrom,
        List.of());
  }

  @Override
  public String key() {
    return runId;
  }
}
