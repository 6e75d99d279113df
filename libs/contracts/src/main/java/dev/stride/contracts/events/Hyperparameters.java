package dev.stride.contracts.events;

import java.util.List;

/**
 * How to train. Absent fields take the notebook's values: Adam with learning rate {@value
 * #DEFAULT_LEARNING_RATE} (β1 0.9, β2 0.999, ε 1e-7, fixed), batch size {@value
 * #DEFAULT_BATCH_SIZE}, {@value #DEFAULT_EPOCHS} epochs, validation after every epoch, shuffled
 * batches, pixels scaled to [0, 1] ({@value #DEFAULT_NORMALIZATION}), no augmentation, a constant
 * rate, no early stopping, {@value #DEFAULT_DEVICES} device, seed {@value #DEFAULT_SEED}. {@code
 * maxBatches} caps the batches per epoch (a smoke-test knob; null = all).
 *
 * <p>These constants are the one place the defaults are written: {@code TrainingJob.Builder}
 * (libs/nn) and {@code stride train --help} take them from here, and HyperparametersDefaultsTest
 * holds the prose of docs/asyncapi.yaml and the README to them.
 *
 * @param normalization none, scale or standardize (per channel, with the training set's mean and
 *     standard deviation)
 * @param devices how many devices to train on: GPUs when there are that many, else as many as there
 *     are (the CPU counts as one)
 */
public record Hyperparameters(
    Integer epochs,
    Integer batchSize,
    Double learningRate,
    Long seed,
    Integer maxBatches,
    Boolean shuffle,
    String normalization,
    AugmentationSpec augmentation,
    ScheduleSpec schedule,
    EarlyStoppingSpec earlyStopping,
    Integer devices) {

  public static final int DEFAULT_EPOCHS = 10;
  public static final int DEFAULT_BATCH_SIZE = 128;
  public static final double DEFAULT_LEARNING_RATE = 0.001;
  public static final long DEFAULT_SEED = 42;
  public static final boolean DEFAULT_SHUFFLE = true;
  public static final String DEFAULT_NORMALIZATION = "scale";
  public static final int DEFAULT_DEVICES = 1;
  public static final List<String> NORMALIZATIONS = List.of("none", "scale", "standardize");

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
    seed = seed == null ? DEFAULT_SEED : seed;
    if (maxBatches != null) {
      Checks.positive(maxBatches, "hyperparameters.maxBatches");
    }
    shuffle = shuffle == null ? DEFAULT_SHUFFLE : shuffle;
    normalization = normalization == null ? DEFAULT_NORMALIZATION : normalization;
    if (!NORMALIZATIONS.contains(normalization)) {
      throw new InvalidFieldException(
          "hyperparameters.normalization",
          "hyperparameters.normalization must be one of none, scale, standardize, not '"
              + normalization
              + "'");
    }
    augmentation = augmentation == null ? new AugmentationSpec(false, false) : augmentation;
    schedule = schedule == null ? ScheduleSpec.constant() : schedule;
    devices =
        Checks.positive(devices == null ? DEFAULT_DEVICES : devices, "hyperparameters.devices");
  }

  /** The notebook's short form: epochs, batch size, rate, seed and the smoke-test cap. */
  public Hyperparameters(
      Integer epochs, Integer batchSize, Double learningRate, Long seed, Integer maxBatches) {
    this(epochs, batchSize, learningRate, seed, maxBatches, null, null, null, null, null, null);
  }

  /** The notebook's settings. */
  public static Hyperparameters defaults() {
    return new Hyperparameters(null, null, null, null, null);
  }

  /**
   * Random 32×32 crops of the image padded by 4 pixels, and horizontal flips, of training images.
   */
  public record AugmentationSpec(Boolean randomCrop, Boolean horizontalFlip) {

    public AugmentationSpec {
      randomCrop = randomCrop != null && randomCrop;
      horizontalFlip = horizontalFlip != null && horizontalFlip;
    }
  }

  /**
   * The learning rate over the run: constant; step (times {@code gamma}, 0.1 if absent, every
   * {@code stepEpochs} epochs); or cosine (down to {@code minLearningRate}, 0 if absent, at the
   * last epoch).
   */
  public record ScheduleSpec(
      String type, Integer stepEpochs, Double gamma, Double minLearningRate) {

    public ScheduleSpec {
      type = type == null ? "constant" : type;
      if (!List.of("constant", "step", "cosine").contains(type)) {
        throw new InvalidFieldException(
            "hyperparameters.schedule.type",
            "hyperparameters.schedule.type must be constant, step or cosine, not '" + type + "'");
      }
      if (type.equals("step")) {
        if (stepEpochs == null) {
          throw new InvalidFieldException(
              "hyperparameters.schedule.stepEpochs",
              "hyperparameters.schedule.stepEpochs is required for a step schedule");
        }
        Checks.positive(stepEpochs, "hyperparameters.schedule.stepEpochs");
        gamma = gamma == null ? 0.1 : gamma;
        if (!(gamma > 0 && gamma <= 1)) {
          throw new InvalidFieldException(
              "hyperparameters.schedule.gamma",
              "hyperparameters.schedule.gamma must be in (0, 1], was " + gamma);
        }
      }
      if (type.equals("cosine")) {
        minLearningRate = minLearningRate == null ? 0.0 : minLearningRate;
        if (minLearningRate < 0) {
          throw new InvalidFieldException(
              "hyperparameters.schedule.minLearningRate",
              "hyperparameters.schedule.minLearningRate must not be negative, was "
                  + minLearningRate);
        }
      }
    }

    public static ScheduleSpec constant() {
      return new ScheduleSpec("constant", null, null, null);
    }
  }

  /**
   * Stop when val_loss has not improved by more than {@code minDelta} for {@code patience} epochs.
   */
  public record EarlyStoppingSpec(Integer patience, Double minDelta) {

    public EarlyStoppingSpec {
      patience =
          Checks.positive(
              patience == null ? 3 : patience, "hyperparameters.earlyStopping.patience");
      minDelta = minDelta == null ? 0.0 : minDelta;
      if (minDelta < 0) {
        throw new InvalidFieldException(
            "hyperparameters.earlyStopping.minDelta",
            "hyperparameters.earlyStopping.minDelta must not be negative, was " + minDelta);
      }
    }
  }
}
