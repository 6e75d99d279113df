package dev.stride.contracts.events;

/** One epoch trained and validated: what Keras' fit prints per epoch. Epochs count from 1. */
public record EpochCompleted(
    String runId,
    int epoch,
    int epochs,
    double loss,
    double accuracy,
    double valLoss,
    double valAccuracy,
    double seconds,
    double imagesPerSecond)
    implements Event {

  public EpochCompleted {
    Checks.required(runId, "runId");
  }

  @Override
  public String key() {
    return runId;
  }
}
