package dev.stride.contracts.events;

/**
 * A trainer took the run; {@code device} is where it trains, e.g. "cpu()" or "gpu(0)". {@code
 * startEpoch} is 1 for a new run; a run taken over from another worker continues at the checkpoint
 * named by {@code resumedFrom} (in the middle of {@code startEpoch} if that checkpoint was written
 * when the run was stopped mid-epoch).
 */
public record RunStarted(
    String runId,
    String datasetId,
    String architecture,
    String device,
    long parameterCount,
    String worker,
    int startEpoch,
    String resumedFrom)
    implements Event {

  public RunStarted {
    Checks.required(runId, "runId");
  }

  @Override
  public String key() {
    return runId;
  }
}
