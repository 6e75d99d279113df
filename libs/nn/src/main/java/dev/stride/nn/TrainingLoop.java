package dev.stride.nn;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.util.Pair;
import dev.stride.data.ImageSet;
import dev.stride.data.cifar.CifarBinary;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The notebook's {@code model.fit}: Adam on softmax cross-entropy, shuffled mini-batches, a
 * validation pass after every epoch. Plain Java over DJL: no Kafka, no object store. The device is
 * kept busy: the next batch is packed while the current one trains, a batch reaches the device in
 * one transfer, and loss and accuracy are summed on the device and read only at progress ticks and
 * epoch ends.
 */
public final class TrainingLoop {

  private TrainingLoop() {}

  /**
   * Held while a run seeds the engine's random generator and draws its initial parameters: the
   * generator is the engine's, one per process, and runs may start side by side in one worker.
   */
  private static final Object INITIALIZING = new Object();

  public static TrainingResult run(TrainingJob job) {
    long started = System.nanoTime();
    Resume resume = job.resume;
    try (Model model = Model.newInstance("stride", job.device());
        BatchSource batches =
            new BatchSource(job.train, job.batchSize, job.shuffle, job.augmentation, job.seed)) {
      model.setBlock(job.block);
      // 1. parameters: loaded from a checkpoint when resuming, else initialised by the trainer
      if (resume != null) {
        loadParameters(model, resume);
      }
      int perEpoch = Math.min(job.maxBatches, batches.batches());
      int firstUpdate = resume == null ? 0 : (resume.epoch() - 1) * perEpoch + resume.batch();
      Optimizer adam = adam(job, perEpoch, firstUpdate);
      try (Trainer trainer = model.newTrainer(config(job, adam))) {
        synchronized (INITIALIZING) {
          Engine.getInstance().setRandomSeed((int) job.seed);
          trainer.initialize(new Shape(1, ImageSet.CHANNELS, ImageSet.HEIGHT, ImageSet.WIDTH));
        }
        ParameterUpdate update = new ParameterUpdate(trainer, adam);
        long parameterCount = countParameters(model);
        job.observer.onStart(deviceName(job), parameterCount);

        // 2. epochs: train, validate, report
        List<EpochStats> history = new ArrayList<>(resume == null ? List.of() : resume.history());
        int firstEpoch = resume == null ? 1 : resume.epoch();
        int firstBatch = resume == null ? 0 : resume.batch();
        boolean stopped = false;
        boolean stoppedEarly = false;
        for (int epoch = firstEpoch; epoch <= job.epochs; epoch++) {
          long epochStart = System.nanoTime();
          Metrics train =
              trainEpoch(
                  trainer,
                  update,
                  job,
                  batches,
                  perEpoch,
                  epoch,
                  epoch == firstEpoch ? firstBatch : 0,
                  model);
          if (train.stopped) {
            stopped = true;
            break;
          }
          Metrics validation = score(trainer, job.validation, job.batchSize, job.normalization);
          EpochStats stats =
              new EpochStats(
                  epoch,
                  job.epochs,
                  train.meanLoss(),
                  train.accuracy(),
                  validation.meanLoss(),
                  validation.accuracy(),
                  (System.nanoTime() - epochStart) / 1e9,
                  train.images / train.seconds);
          history.add(stats);
          job.observer.onEpoch(stats, model);
          if (job.earlyStopping != null
              && epoch < job.epochs
              && job.earlyStopping.shouldStop(history)) {
            stoppedEarly = true;
            break;
          }
        }
        return new TrainingResult(
            history,
            bestEpoch(history),
            deviceName(job),
            parameterCount,
            (System.nanoTime() - started) / 1e9,
            stopped,
            stoppedEarly);
      }
    }
  }

  /** The epoch with the best validation accuracy, the first of equals; 0 if none. */
  public static int bestEpoch(List<EpochStats> history) {
    int best = 0;
    for (EpochStats e : history) {
      if (best == 0 || e.valAccuracy() > history.get(indexOf(history, best)).valAccuracy()) {
        best = e.epoch();
      }
    }
    return best;
  }

  /** Keras' Adam: beta1 0.9, beta2 0.999, epsilon 1e-7. */
  private static Optimizer adam(TrainingJob job, int perEpoch, int firstUpdate) {
    return Optimizer.adam()
        .optLearningRateTracker(
            job.schedule.tracker(job.learningRate, job.epochs, perEpoch, firstUpdate))
        .optBeta1(0.9f)
        .optBeta2(0.999f)
        .optEpsilon(1e-7f)
        .build();
  }

  private static DefaultTrainingConfig config(TrainingJob job, Optimizer adam) {
    return new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
        .optOptimizer(adam)
        .optDevices(job.devices);
  }

  /** One pass over the epoch's batches from {@code firstBatch}, or until a stop is requested. */
  private static Metrics trainEpoch(
      Trainer trainer,
      ParameterUpdate update,
      TrainingJob job,
      BatchSource batches,
      int perEpoch,
      int epoch,
      int firstBatch,
      Model model) {
    try (NDManager epochManager = trainer.getManager().newSubManager()) {
      Metrics metrics = new Metrics(epochManager);
      long start = System.nanoTime();
      long lastProgress = start;
      CompletableFuture<BatchSource.Packed> next =
          firstBatch < perEpoch ? batches.prepare(epoch, firstBatch) : null;
      for (int b = firstBatch; b < perEpoch; b++) {
        if (job.observer.stopRequested()) {
          job.observer.onInterrupted(epoch, b, model);
          metrics.stopped = true;
          return metrics;
        }
        BatchSource.Packed packed = next.join();
        // the device works on this batch while the next one is packed
        next = b + 1 < perEpoch ? batches.prepare(epoch, b + 1) : null;
        trainBatch(trainer, update, job, packed, metrics);
        long now = System.nanoTime();
        if (now - lastProgress >= job.progressInterval.toNanos() && b + 1 < perEpoch) {
          double elapsed = (now - start) / 1e9;
          double rate = metrics.images / elapsed;
          double eta = (perEpoch - b - 1) * elapsed / (b + 1 - firstBatch);
          job.observer.onProgress(epoch, b + 1, perEpoch, rate, eta);
          lastProgress = now;
        }
      }
      // reading the sums waits for the device to finish the epoch's queued work: the clock stops
      // after it, so an epoch's images/s is what the device did, not what the host queued
      metrics.read();
      metrics.seconds = (System.nanoTime() - start) / 1e9;
      return metrics;
    }
  }

  private static void trainBatch(
      Trainer trainer,
      ParameterUpdate update,
      TrainingJob job,
      BatchSource.Packed packed,
      Metrics metrics) {
    try (NDManager batch = trainer.getManager().newSubManager()) {
      // (n, 3073) uint8: one transfer to the device, then labels and pixels are split there
      NDArray records =
          batch.create(
              packed.records(), new Shape(packed.n(), CifarBinary.RECORD_BYTES), DataType.UINT8);
      NDArray y = records.get(new NDIndex(":, 0")).toType(DataType.INT64, false); // (n)
      NDArray x =
          job.normalization.apply(records.get(new NDIndex(":, 1:")).reshape(packed.n(), 3, 32, 32));
      Device[] devices = job.devices;
      // recorded on this thread only: other runs may train beside this one in the same worker
      try (GradientCollector gradients = ThreadGradients.open(trainer)) {
        // data parallel: each device takes a slice of the batch
        NDList xs = devices.length == 1 ? new NDList(x) : x.split(devices.length);
        NDList ys = devices.length == 1 ? new NDList(y) : y.split(devices.length);
        for (int d = 0; d < xs.size(); d++) {
          NDArray xd = xs.get(d).toDevice(devices[d], false);
          NDArray yd = ys.get(d).toDevice(devices[d], false);
          NDArray logits = trainer.forward(new NDList(xd)).singletonOrThrow(); // (n/d, classes)
          NDArray loss = trainer.getLoss().evaluate(new NDList(yd), new NDList(logits));
          gradients.backward(loss);
          metrics.add(loss.mul(yd.size()), correct(logits, yd), yd.size());
        }
      }
      update.step();
    }
  }

  /** Mean loss and accuracy of the current parameters on {@code images}, in inference mode. */
  static Metrics score(
      Trainer trainer, ImageSet images, int batchSize, Normalization normalization) {
    try (NDManager scoring = trainer.getManager().newSubManager();
        ThreadGradients.AutoCloseableNoThrow noGraph = ThreadGradients.inference(trainer)) {
      Metrics metrics = new Metrics(scoring);
      for (int from = 0; from < images.size(); from += batchSize) {
        int n = Math.min(batchSize, images.size() - from);
        try (NDManager batch = scoring.newSubManager()) {
          NDArray x = InputTransform.toInput(batch, images.pixels(), from, n, normalization);
          NDArray y = InputTransform.toLabels(batch, images.labels(), from, n);
          NDArray logits = trainer.evaluate(new NDList(x)).singletonOrThrow();
          NDArray loss = trainer.getLoss().evaluate(new NDList(y), new NDList(logits));
          metrics.add(loss.mul(n), correct(logits, y), n);
        }
      }
      metrics.read();
      return metrics;
    }
  }

  /** (scalar) number of rows whose arg-max is the label, left on the device. */
  static NDArray correct(NDArray logits, NDArray labels) {
    return logits.argMax(1).eq(labels).countNonzero();
  }

  static long countParameters(Model model) {
    long count = 0;
    for (Pair<String, Parameter> parameter : model.getBlock().getParameters()) {
      count += parameter.getValue().getArray().size();
    }
    return count;
  }

  private static void loadParameters(Model model, Resume resume) {
    // loaded before the trainer initialises the block, which then keeps these values
    try (InputStream in = new BufferedInputStream(Files.newInputStream(resume.parameters()))) {
      model.getBlock().loadParameters(model.getNDManager(), new DataInputStream(in));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resume.parameters(), e);
    } catch (MalformedModelException e) {
      throw new IllegalArgumentException(
          "parameters in " + resume.parameters() + " do not fit the network", e);
    }
  }

  private static String deviceName(TrainingJob job) {
    if (job.devices.length == 1) {
      return job.devices[0].toString();
    }
    List<String> names = new ArrayList<>();
    for (Device d : job.devices) {
      names.add(d.toString());
    }
    return String.join(",", names);
  }

  private static int indexOf(List<EpochStats> history, int epoch) {
    for (int i = 0; i < history.size(); i++) {
      if (history.get(i).epoch() == epoch) {
        return i;
      }
    }
    throw new IllegalArgumentException("no epoch " + epoch);
  }

  /**
   * Sums over batches, kept on the device (loss weighted by batch size, correct predictions) until
   * {@link #read()} brings them to the host.
   */
  static final class Metrics {
    private final NDArray lossSum;
    private final NDArray correctSum;
    long images;
    double seconds;
    boolean stopped;
    private double loss;
    private long correct;

    Metrics(NDManager manager) {
      this.lossSum = manager.zeros(new Shape(), DataType.FLOAT32);
      this.correctSum = manager.zeros(new Shape(), DataType.INT64);
    }

    void add(NDArray batchLossSum, NDArray batchCorrect, long n) {
      lossSum.addi(batchLossSum.toDevice(lossSum.getDevice(), false));
      correctSum.addi(
          batchCorrect.toType(DataType.INT64, false).toDevice(correctSum.getDevice(), false));
      images += n;
    }

    void read() {
      loss = lossSum.getFloat();
      correct = correctSum.getLong();
    }

    double meanLoss() {
      return images == 0 ? Double.NaN : loss / images;
    }

    double accuracy() {
      return images == 0 ? Double.NaN : correct / (double) images;
    }
  }
}
