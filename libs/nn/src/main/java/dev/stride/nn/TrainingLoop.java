package dev.stride.nn;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import dev.stride.data.ImageSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The notebook's {@code model.fit}: Adam on softmax cross-entropy, shuffled mini-batches, a
 * validation pass after every epoch. Plain Java over DJL: no Kafka, no object store.
 */
public final class TrainingLoop {

  private TrainingLoop() {}

  public static TrainingResult run(TrainingJob job) {
    long started = System.nanoTime();
    Engine.getInstance().setRandomSeed((int) job.seed);
    try (Model model = Model.newInstance("stride", job.device)) {
      model.setBlock(job.block);
      try (Trainer trainer = model.newTrainer(config(job))) {
        // parameters exist once the trainer has seen the input shape
        trainer.initialize(new Shape(1, ImageSet.CHANNELS, ImageSet.HEIGHT, ImageSet.WIDTH));
        long parameterCount = countParameters(model);
        job.observer.onStart(job.device.toString(), parameterCount);

        List<EpochStats> history = new ArrayList<>();
        int bestEpoch = 0;
        boolean stopped = false;
        for (int epoch = 1; epoch <= job.epochs && !stopped; epoch++) {
          long epochStart = System.nanoTime();
          Metrics train = trainEpoch(trainer, job, epoch);
          stopped = train.stopped;
          if (stopped) {
            break;
          }
          Metrics validation = score(trainer, job.validation, job.batchSize);
          double seconds = (System.nanoTime() - epochStart) / 1e9;
          EpochStats stats =
              new EpochStats(
                  epoch,
                  job.epochs,
                  train.meanLoss(),
                  train.accuracy(),
                  validation.meanLoss(),
                  validation.accuracy(),
                  seconds,
                  train.images / train.seconds);
          history.add(stats);
          if (bestEpoch == 0 || stats.valAccuracy() > history.get(bestEpoch - 1).valAccuracy()) {
            bestEpoch = epoch;
          }
          job.observer.onEpoch(stats, model);
          stopped = job.observer.stopRequested() && epoch < job.epochs;
        }
        return new TrainingResult(
            history,
            bestEpoch,
            job.device.toString(),
            parameterCount,
            (System.nanoTime() - started) / 1e9,
            stopped);
      }
    }
  }

  private static DefaultTrainingConfig config(TrainingJob job) {
    // Keras' Adam: beta1 0.9, beta2 0.999, epsilon 1e-7
    Optimizer adam =
        Optimizer.adam()
            .optLearningRateTracker(Tracker.fixed((float) job.learningRate))
            .optBeta1(0.9f)
            .optBeta2(0.999f)
            .optEpsilon(1e-7f)
            .build();
    return new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
        .optOptimizer(adam)
        .optDevices(new ai.djl.Device[] {job.device});
  }

  /** One pass over the shuffled training set, or {@code maxBatches} batches of it. */
  private static Metrics trainEpoch(Trainer trainer, TrainingJob job, int epoch) {
    ImageSet shuffled = job.train.select(permutation(job.train.size(), job.seed + epoch));
    int batches = Math.min(job.maxBatches, ceilDiv(shuffled.size(), job.batchSize));
    Metrics metrics = new Metrics();
    long start = System.nanoTime();
    long lastProgress = start;
    for (int b = 0; b < batches; b++) {
      if (job.observer.stopRequested()) {
        metrics.stopped = true;
        break;
      }
      int from = b * job.batchSize;
      int n = Math.min(job.batchSize, shuffled.size() - from);
      try (NDManager batch = trainer.getManager().newSubManager()) {
        NDArray x = InputTransform.toInput(batch, shuffled.pixels(), from, n); // (n, 3, 32, 32)
        NDArray y = InputTransform.toLabels(batch, shuffled.labels(), from, n); // (n)
        try (GradientCollector gradients = trainer.newGradientCollector()) {
          NDArray logits = trainer.forward(new NDList(x)).singletonOrThrow(); // (n, classes)
          NDArray loss = trainer.getLoss().evaluate(new NDList(y), new NDList(logits));
          gradients.backward(loss);
          metrics.add(loss.getFloat(), correct(logits, y), n);
        }
        trainer.step();
      }
      long now = System.nanoTime();
      if (now - lastProgress >= job.progressInterval.toNanos() && b + 1 < batches) {
        double elapsed = (now - start) / 1e9;
        double rate = metrics.images / elapsed;
        double eta = (batches - b - 1) * elapsed / (b + 1);
        job.observer.onProgress(epoch, b + 1, batches, rate, eta);
        lastProgress = now;
      }
    }
    metrics.seconds = (System.nanoTime() - start) / 1e9;
    return metrics;
  }

  /** Mean loss and accuracy of the current parameters on {@code images}, in inference mode. */
  static Metrics score(Trainer trainer, ImageSet images, int batchSize) {
    Metrics metrics = new Metrics();
    for (int from = 0; from < images.size(); from += batchSize) {
      int n = Math.min(batchSize, images.size() - from);
      try (NDManager batch = trainer.getManager().newSubManager()) {
        NDArray x = InputTransform.toInput(batch, images.pixels(), from, n);
        NDArray y = InputTransform.toLabels(batch, images.labels(), from, n);
        NDArray logits = trainer.evaluate(new NDList(x)).singletonOrThrow();
        NDArray loss = trainer.getLoss().evaluate(new NDList(y), new NDList(logits));
        metrics.add(loss.getFloat(), correct(logits, y), n);
      }
    }
    return metrics;
  }

  static long correct(NDArray logits, NDArray labels) {
    return logits.argMax(1).eq(labels).countNonzero().getLong();
  }

  static long countParameters(Model model) {
    long count = 0;
    for (Pair<String, Parameter> parameter : model.getBlock().getParameters()) {
      count += parameter.getValue().getArray().size();
    }
    return count;
  }

  private static int[] permutation(int n, long seed) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Random random = new Random(seed);
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }

  /** Sums over batches: loss weighted by batch size, correct predictions, images. */
  static final class Metrics {
    double lossSum;
    long correct;
    long images;
    double seconds;
    boolean stopped;

    void add(float meanBatchLoss, long batchCorrect, int n) {
      lossSum += (double) meanBatchLoss * n;
      correct += batchCorrect;
      images += n;
    }

    double meanLoss() {
      return images == 0 ? Double.NaN : lossSum / images;
    }

    double accuracy() {
      return images == 0 ? Double.NaN : correct / (double) images;
    }
  }
}
