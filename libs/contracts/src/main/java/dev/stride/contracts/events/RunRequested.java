package dev.stride.contracts.events;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A command on {@code training.requests}: train an architecture on a dataset. The architecture is a
 * preset name ({@code architecture}) or a layer spec written into the request ({@code
 * architectureSpec}, the same JSON as a spec file; its name then names the architecture). The
 * finished model is registered under {@code modelName}.
 */
public record RunRequested(
    String runId,
    String datasetId,
    String architecture,
    JsonNode architectureSpec,
    String modelName,
    Hyperparameters hyperparameters)
    implements Event {

  public static final String DEFAULT_ARCHITECTURE = "alexnet-mini";
  public static final String DEFAULT_MODEL_NAME = "cifar10";

  public RunRequested {
    Checks.id(runId, "runId");
    Checks.id(datasetId, "datasetId");
    if (architectureSpec != null && !architectureSpec.isObject()) {
      throw new InvalidFieldException(
          "architectureSpec", "architectureSpec must be a JSON object (a layer spec)");
    }
    if (architectureSpec != null && architecture == null) {
      architecture =
          architectureSpec.hasNonNull("name") ? architectureSpec.get("name").asText() : "inline";
    }
    architecture = architecture == null ? DEFAULT_ARCHITECTURE : architecture;
    modelName = Checks.id(modelName == null ? DEFAULT_MODEL_NAME : modelName, "modelName");
    hyperparameters = hyperparameters == null ? Hyperparameters.defaults() : hyperparameters;
  }

  /** A request for a preset. */
  public RunRequested(
      String runId,
      String datasetId,
      String architecture,
      String modelName,
      Hyperparameters hyperparameters) {
    this(runId, datasetId, architecture, null, modelName, hyperparameters);
  }

  @Override
  public String key() {
    return runId;
  }
}
