package dev.stride.contracts.events;

/**
 * How to train. Absent fields take the notebook's values: Adam with learning rate 0.001, batch size
 * 128, 10 epochs. {@code maxBatches} caps the batches per epoch (a smoke-test knob; null = all).
 */
public record Hyperparameters(
    Integer epochs, Integer batchSize, Double learningRate, Long seed, Integer maxBatches) {

  public static final int DEFAULT_EPOCHS = 10;
  public static final int DEFAULT_BATCH_SIZE = 128;
  public static final double DEFAULT_LEARNING_RATE = 0.001;

  public Hyperparameters {
    epochs = Checks.positive(epochs == null ? DEFAULT_EPOCHS : epochs, "hyperparameters.epochs");
    batchSize =
        Checks.positive(
            batchSize == null ? DEFAULT_BATCH_SIZE : batchSize, "hyperparameters.batchSize");
    learningRate = learningRate == null ? DEFAULT_LEARNING_RATE : learningRate;
    if (!(learningRate > 0 && learningRate < 10)) {
      throw new InvalidFieldException(
          "hyperparameters.learningRate",
          "hyperparameters.learningRate must be in (0, 10), was " + learningRate);
    }
    seed = seed == null ? 42L : seed;
    if (maxBatches != null) {
      Checks.positive(maxBatches, "hyperparameters.maxBatches");
    }
  }

  /** The notebook's settings. */
  public static Hyperparameters defaults() {
    return new Hyperparameters(null, null, null, null, null);
  }
}
