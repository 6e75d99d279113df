package dev.stride.contracts.events;

/** A complete checkpoint of {@code epoch} is stored; {@code pointerKey} names the pointer to it. */
public record CheckpointSaved(String runId, int epoch, String checkpointKey, String pointerKey)
    implements Event {

  public CheckpointSaved {
    Checks.required(runId, "runId");
    Checks.required(checkpointKey, "checkpointKey");
  }

  @Override
  public String key() {
    return runId;
  }
}
