package dev.stride.nn;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.nn.Block;
import dev.stride.contracts.events.Hyperparameters;
import dev.stride.data.ImageSet;
import java.time.Duration;

/**
 * Everything one training run needs, built DJL-style: {@code set*} is required, {@code opt*} has
 * the notebook's default, the one a training request without hyperparameters gets ({@link
 * Hyperparameters}).
 */
public final class TrainingJob {

  final Block block;
  final ImageSet train;
  final ImageSet validation;
  final int epochs;
  final int batchSize;
  final double learningRate;
  final long seed;
  final int maxBatches;
  final Device[] devices;
  final Duration progressInterval;
  final TrainingObserver observer;
  final boolean shuffle;
  final Normalization normalization;
  final Augmentation augmentation;
  final LearningRateSchedule schedule;
  final EarlyStopping earlyStopping;
  final Resume resume;

  private TrainingJob(Builder b) {
    this.block = b.block;
    this.train = b.train;
    this.validation = b.validation;
    this.epochs = b.epochs;
    this.batchSize = b.batchSize;
    this.learningRate = b.learningRate;
    this.seed = b.seed;
    this.maxBatches = b.maxBatches;
    this.devices =
        b.devices == null ? new Device[] {Engine.getInstance().defaultDevice()} : b.devices;
    this.progressInterval = b.progressInterval;
    this.observer = b.observer;
    this.shuffle = b.shuffle;
    this.normalization = b.normalization;
    this.augmentation = b.augmentation;
    this.schedule = b.schedule;
    this.earlyStopping = b.earlyStopping;
    this.resume = b.resume;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The device the model lives on; with several, the first. */
  Device device() {
    return devices[0];
  }

  public static final class Builder {

    private Block block;
    private ImageSet train;
    private ImageSet validation;
    private int epochs = Hyperparameters.DEFAULT_EPOCHS;
    private int batchSize = Hyperparameters.DEFAULT_BATCH_SIZE;
    private double learningRate = Hyperparameters.DEFAULT_LEARNING_RATE;
    private long seed = Hyperparameters.DEFAULT_SEED;
    private int maxBatches = Integer.MAX_VALUE;
    private Device[] devices;
    private Duration progressInterval = Duration.ofSeconds(5);
    private TrainingObserver observer = new TrainingObserver() {};
    private boolean shuffle = Hyperparameters.DEFAULT_SHUFFLE;
    // as Hyperparameters.DEFAULT_NORMALIZATION
    private Normalization normalization = Normalization.scale();
    private Augmentation augmentation = Augmentation.none();
    private LearningRateSchedule schedule = LearningRateSchedule.constant();
    private EarlyStopping earlyStopping;
    private Resume resume;

    private Builder() {}

    /** The network, uninitialised; the loop initialises it for (N, 3, 32, 32) input. */
    public Builder setBlock(Block block) {
      this.block = block;
      return this;
    }

    public Builder setTrainSet(ImageSet train) {
      this.train = train;
      return this;
    }

    /** Scored after every epoch, as Keras' validation_data. */
    public Builder setValidationSet(ImageSet validation) {
      this.validation = validation;
      return this;
    }

    public Builder optEpochs(int epochs) {
      this.epochs = epochs;
      return this;
    }

    public Builder optBatchSize(int batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    /** Adam's base learning rate; β1 0.9, β2 0.999 and ε 1e-7 are Keras' and fixed. */
    public Builder optLearningRate(double learningRate) {
      this.learningRate = learningRate;
      return this;
    }

    /** Seeds parameter initialisation, dropout, the shuffle order and the augmentation. */
    public Builder optSeed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Caps the training batches per epoch: the smoke-test knob. */
    public Builder optMaxBatches(int maxBatches) {
      this.maxBatches = maxBatches;
      return this;
    }

    /** Defaults to the engine's default device: the first GPU if there is one, else the CPU. */
    public Builder optDevice(Device device) {
      this.devices = new Device[] {device};
      return this;
    }

    /** Several devices: each batch is split among them (data parallel). */
    public Builder optDevices(Device... devices) {
      this.devices = devices.clone();
      return this;
    }

    public Builder optProgressInterval(Duration interval) {
      this.progressInterval = interval;
      return this;
    }

    public Builder optObserver(TrainingObserver observer) {
      this.observer = observer;
      return this;
    }

    /** Whether every epoch sees the training images in a new (seeded) order; Keras' default. */
    public Builder optShuffle(boolean shuffle) {
      this.shuffle = shuffle;
      return this;
    }

    public Builder optNormalization(Normalization normalization) {
      this.normalization = normalization;
      return this;
    }

    public Builder optAugmentation(Augmentation augmentation) {
      this.augmentation = augmentation;
      return this;
    }

    public Builder optSchedule(LearningRateSchedule schedule) {
      this.schedule = schedule;
      return this;
    }

    public Builder optEarlyStopping(EarlyStopping earlyStopping) {
      this.earlyStopping = earlyStopping;
      return this;
    }

    /** Continue a run from a checkpoint instead of starting it. */
    public Builder optResume(Resume resume) {
      this.resume = resume;
      return this;
    }

    public TrainingJob build() {
      StringBuilder missing = new StringBuilder();
      if (block == null) {
        missing.append(" setBlock");
      }
      if (train == null || train.size() == 0) {
        missing.append(" setTrainSet (non-empty)");
      }
      if (validation == null || validation.size() == 0) {
        missing.append(" setValidationSet (non-empty)");
      }
      if (!missing.isEmpty()) {
        throw new IllegalArgumentException("TrainingJob needs:" + missing);
      }
      if (epochs <= 0 || batchSize <= 0 || maxBatches <= 0 || !(learningRate > 0)) {
        throw new IllegalArgumentException(
            "epochs, batchSize, maxBatches and learningRate must be positive");
      }
      if (resume != null && resume.epoch() > epochs) {
        throw new IllegalArgumentException(
            "cannot resume at epoch " + resume.epoch() + " of a " + epochs + "-epoch run");
      }
      return new TrainingJob(this);
    }
  }
}
