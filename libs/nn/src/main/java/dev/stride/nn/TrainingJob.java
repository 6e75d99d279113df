package dev.stride.nn;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.nn.Block;
import dev.stride.data.ImageSet;
import java.time.Duration;

/**
 * Everything one training run needs, built DJL-style: {@code set*} is required, {@code opt*} has
 * the notebook's default.
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
  final Device device;
  final Duration progressInterval;
  final TrainingObserver observer;

  private TrainingJob(Builder b) {
    this.block = b.block;
    this.train = b.train;
    this.validation = b.validation;
    this.epochs = b.epochs;
    this.batchSize = b.batchSize;
    this.learningRate = b.learningRate;
    this.seed = b.seed;
    this.maxBatches = b.maxBatches;
    this.device = b.device == null ? Engine.getInstance().defaultDevice() : b.device;
    this.progressInterval = b.progressInterval;
    this.observer = b.observer;
  }

  public static Builder builder() {
    return new Builder();
  }

  public static final class Builder {

    private Block block;
    private ImageSet train;
    private ImageSet validation;
    private int epochs = 10;
    private int batchSize = 128;
    private double learningRate = 0.001;
    private long seed = 42;
    private int maxBatches = Integer.MAX_VALUE;
    private Device device;
    private Duration progressInterval = Duration.ofSeconds(5);
    private TrainingObserver observer = new TrainingObserver() {};

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

    /** Adam's learning rate; β1 0.9, β2 0.999 and ε 1e-7 are Keras' and fixed. */
    public Builder optLearningRate(double learningRate) {
      this.learningRate = learningRate;
      return this;
    }

    /** Seeds parameter initialisation, dropout and the shuffle order. */
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
      this.device = device;
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
      return new TrainingJob(this);
    }
  }
}
