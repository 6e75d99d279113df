package dev.stride.contracts.events;

/** Sent every few seconds while an epoch runs. */
public record RunProgressed(
    String runId, int epoch, int batch, int batches, double imagesPerSecond, double etaSeconds)
    implements Event {

  public RunProgressed {
    Checks.required(runId, "runId");
  }

  @Override
  public String key() {
    return runId;
  }
}
