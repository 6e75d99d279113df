package dev.stride.bench;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.stride.data.CifarArchive;
import dev.stride.data.ImageSet;
import dev.stride.data.SyntheticCifar;
import dev.stride.nn.Architectures;
import dev.stride.nn.InputTransform;
import dev.stride.nn.TrainingJob;
import dev.stride.nn.TrainingLoop;
import dev.stride.nn.TrainingResult;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Stride's training loop against DJL's own {@code EasyTrain.fit} on the same images, model and
 * device, in one run; prints JSON. No Kafka, no object store: this is the entry point GPU machines
 * are checked with (set PYTORCH_LIBRARY_PATH to a CUDA libtorch).
 */
@Command(
    name = "TrainingLoopBench",
    mixinStandardHelpOptions = true,
    description = "Images/s of Stride's training loop and of DJL's EasyTrain, same data, same run.")
public final class TrainingLoopBench implements Callable<Integer> {

  @Option(names = "--images", defaultValue = "4096", description = "Synthetic training images.")
  int images;

  @Option(
      names = "--cifar",
      description = "Train on this CIFAR-10 binary archive instead (its first --images).")
  Path cifar;

  @Option(names = "--epochs", defaultValue = "2", description = "Epochs per contender.")
  int epochs;

  @Option(names = "--batch-size", defaultValue = "128")
  int batchSize;

  @Option(names = "--device", description = "cpu, gpu(0), ...; default: the engine's default.")
  String device;

  public static void main(String[] args) {
    System.exit(new CommandLine(new TrainingLoopBench()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    ImageSet train = trainingImages();
    ImageSet validation = train.slice(0, Math.min(512, train.size()));
    Device dev = device == null ? Engine.getInstance().defaultDevice() : Device.fromName(device);

    // warm-up: the first batches pay for libtorch's lazy initialisation
    stride(train.slice(0, Math.min(train.size(), 4 * batchSize)), validation.slice(0, 64), dev, 1);

    TrainingResult stride = stride(train, validation, dev, epochs);
    double strideRate = rate(stride);
    double djlSeconds = easyTrain(train, dev);
    double djlRate = (double) train.size() * epochs / djlSeconds;

    System.out.printf(
        Locale.ROOT,
        "{\"benchmark\":\"training-loop\",\"engine\":\"%s %s\",\"device\":\"%s\","
            + "\"architecture\":\"alexnet-mini\",\"images\":%d,\"epochs\":%d,\"batch_size\":%d,"
            + "\"stride_loop\":{\"images_per_second\":%.1f},"
            + "\"djl_easytrain\":{\"images_per_second\":%.1f},"
            + "\"ratio_stride_to_djl\":%.3f}%n",
        Engine.getInstance().getEngineName(),
        Engine.getInstance().getVersion(),
        dev,
        train.size(),
        epochs,
        batchSize,
        strideRate,
        djlRate,
        strideRate / djlRate);
    return 0;
  }

  private TrainingResult stride(ImageSet train, ImageSet validation, Device dev, int n) {
    return TrainingLoop.run(
        TrainingJob.builder()
            .setBlock(Architectures.alexnetMini(10))
            .setTrainSet(train)
            .setValidationSet(validation)
            .optEpochs(n)
            .optBatchSize(batchSize)
            .optDevice(dev)
            .build());
  }

  /** Training images per second over the epochs, validation excluded, as EasyTrain is measured. */
  private static double rate(TrainingResult result) {
    return result.history().stream().mapToDouble(e -> e.imagesPerSecond()).average().orElse(0);
  }

  /** The DJL examples' way: an ArrayDataset and EasyTrain.fit, no validation. */
  private double easyTrain(ImageSet train, Device dev) throws Exception {
    try (Model model = Model.newInstance("easytrain", dev);
        NDManager manager = NDManager.newBaseManager(dev)) {
      model.setBlock(Architectures.alexnetMini(10));
      NDArray x = InputTransform.toInput(manager, train.pixels(), 0, train.size());
      NDArray y = InputTransform.toLabels(manager, train.labels(), 0, train.size());
      ArrayDataset dataset =
          new ArrayDataset.Builder().setData(x).optLabels(y).setSampling(batchSize, true).build();
      DefaultTrainingConfig config =
          new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
              .optOptimizer(
                  Optimizer.adam()
                      .optLearningRateTracker(Tracker.fixed(0.001f))
                      .optBeta1(0.9f)
                      .optBeta2(0.999f)
                      .optEpsilon(1e-7f)
                      .build())
              .optDevices(new Device[] {dev});
      try (Trainer trainer = model.newTrainer(config)) {
        trainer.initialize(new Shape(1, 3, 32, 32));
        long start = System.nanoTime();
        EasyTrain.fit(trainer, epochs, dataset, null);
        return (System.nanoTime() - start) / 1e9;
      }
    }
  }

  private ImageSet trainingImages() throws Exception {
    if (cifar == null) {
      return SyntheticCifar.generate(images, 1);
    }
    try (InputStream in = Files.newInputStream(cifar)) {
      ImageSet all = CifarArchive.read(in, Long.MAX_VALUE).train();
      return all.slice(0, Math.min(images, all.size()));
    }
  }
}
