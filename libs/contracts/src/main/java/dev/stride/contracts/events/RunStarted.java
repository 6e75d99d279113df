package dev.stride.contracts.events;

/** A trainer took the run; {@code device} is where it trains, e.g. "cpu()" or "gpu(0)". */
public record RunStarted(
    String runId,
    String datasetId,
    String architecture,
    String device,
    long parameterCount,
    String worker,
    int startEpoch)
    implements Event {

  public RunStarted {
    Checks.required(runId, "runId");
  }

  @Override
  public String key() {
    return runId;
  }
}
