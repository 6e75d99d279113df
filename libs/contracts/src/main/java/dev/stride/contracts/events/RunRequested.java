package dev.stride.contracts.events;

/**
 * A command on {@code training.requests}: train {@code architecture} (a preset name) on a dataset.
 * The finished model is registered under {@code modelName}.
 */
public record RunRequested(
    String runId,
    String datasetId,
    String architecture,
    String modelName,
    Hyperparameters hyperparameters)
    implements Event {

  public static final String DEFAULT_ARCHITECTURE = "alexnet-mini";
  public static final String DEFAULT_MODEL_NAME = "cifar10";

  public RunRequested {
    Checks.id(runId, "runId");
    Checks.id(datasetId, "datasetId");
    architecture = architecture == null ? DEFAULT_ARCHITECTURE : architecture;
    modelName = Checks.id(modelName == null ? DEFAULT_MODEL_NAME : modelName, "modelName");
    hyperparameters = hyperparameters == null ? Hyperparameters.defaults() : hyperparameters;
  }

  @Override
  public String key() {
    return runId;
  }
}
