package dev.stride.bench;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.stride.data.ArchiveLimits;
import dev.stride.data.CifarBinary;
import dev.stride.data.DatasetArchive;
import dev.stride.data.ImageSet;
import dev.stride.data.SyntheticCifar;
import dev.stride.nn.Architectures;
import dev.stride.nn.EpochStats;
import dev.stride.nn.InputTransform;
import dev.stride.nn.Presets;
import dev.stride.nn.TrainingJob;
import dev.stride.nn.TrainingLoop;
import dev.stride.nn.TrainingResult;
import dev.stride.nn.spec.ArchitectureSpec;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The trainer's own loop against a bare DJL loop (forward, backward, step over the same batches,
 * already on the device: no shuffling, packing, metrics or validation) on the same images, model
 * and device, in one run; prints JSON. No Kafka, no object store: this is the entry point GPU
 * machines are checked with (set PYTORCH_LIBRARY_PATH to a CUDA libtorch).
 */
@Command(
    name = "TrainingLoopBench",
    mixinStandardHelpOptions = true,
    description = "Images/s of the trainer's loop and of a bare DJL loop, same data, same run.")
public final class TrainingLoopBench implements Callable<Integer> {

  @Option(
      names = "--images",
      defaultValue = "4096",
      description = "Training images (synthetic, or the first of --dataset).")
  int images;

  @Option(
      names = "--dataset",
      description =
          "A CIFAR-10 binary batch file (.bin) or a dataset archive, instead of synthetic data.")
  Path dataset;

  @Option(
      names = "--architecture",
      defaultValue = "alexnet-mini",
      description = "A preset name or a spec file.")
  String architecture;

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
    ImageSet all = images();
    int held = Math.max(1, Math.min(1000, all.size() / 10));
    ImageSet train = all.slice(0, all.size() - held);
    ImageSet validation = all.slice(all.size() - held, all.size());
    Device dev = device == null ? Engine.getInstance().defaultDevice() : Device.fromName(device);
    ArchitectureSpec spec = spec();

    // warm-up: the first batches pay for libtorch's lazy initialisation
    stride(spec, train.slice(0, Math.min(train.size(), 4 * batchSize)), validation, dev, 1);

    TrainingResult stride = stride(spec, train, validation, dev, epochs);
    double strideRate =
        stride.history().stream().mapToDouble(EpochStats::imagesPerSecond).average().orElse(0);
    double bareRate = bare(spec, train, dev);

    System.out.printf(
        Locale.ROOT,
        "{\"benchmark\":\"training-loop\",\"engine\":\"%s %s\",\"device\":\"%s\","
            + "\"architecture\":\"%s\",\"train_images\":%d,\"epochs\":%d,\"batch_size\":%d,"
            + "\"trainer_loop\":{\"images_per_second\":%.1f,\"val_accuracy\":%.4f},"
            + "\"bare_djl_loop\":{\"images_per_second\":%.1f},"
            + "\"ratio_trainer_to_bare\":%.3f}%n",
        Engine.getInstance().getEngineName(),
        Engine.getInstance().getVersion(),
        dev,
        spec.name(),
        train.size(),
        epochs,
        batchSize,
        strideRate,
        stride.last().valAccuracy(),
        bareRate,
        strideRate / bareRate);
    return 0;
  }

  private TrainingResult stride(
      ArchitectureSpec spec, ImageSet train, ImageSet validation, Device dev, int n) {
    return TrainingLoop.run(
        TrainingJob.builder()
            .setBlock(Architectures.build(spec, 10))
            .setTrainSet(train)
            .setValidationSet(validation)
            .optEpochs(n)
            .optBatchSize(batchSize)
            .optDevice(dev)
            .build());
  }

  /** Forward, backward, step over batches prepared beforehand on the device; images/s. */
  private double bare(ArchitectureSpec spec, ImageSet train, Device dev) {
    try (Model model = Model.newInstance("bare", dev);
        NDManager manager = NDManager.newBaseManager(dev)) {
      model.setBlock(Architectures.build(spec, 10));
      List<NDList> batches = new ArrayList<>();
      for (int from = 0; from + batchSize <= train.size(); from += batchSize) {
        NDArray x = InputTransform.toInput(manager, train.pixels(), from, batchSize);
        NDArray y = InputTransform.toLabels(manager, train.labels(), from, batchSize);
        batches.add(new NDList(x, y));
      }
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
        for (int epoch = 0; epoch < epochs; epoch++) {
          for (NDList batch : batches) {
            try (GradientCollector gradients = trainer.newGradientCollector()) {
              NDList logits = trainer.forward(new NDList(batch.get(0)));
              gradients.backward(trainer.getLoss().evaluate(new NDList(batch.get(1)), logits));
            }
            trainer.step();
          }
        }
        // one read at the end waits for the device to finish what was queued
        model.getBlock().getParameters().get(0).getValue().getArray().toFloatArray();
        double seconds = (System.nanoTime() - start) / 1e9;
        return (double) batches.size() * batchSize * epochs / seconds;
      }
    }
  }

  private ArchitectureSpec spec() throws Exception {
    if (Presets.NAMES.contains(architecture)) {
      return Presets.load(architecture);
    }
    return ArchitectureSpec.parse(Files.readString(Path.of(architecture)));
  }

  private ImageSet images() throws Exception {
    if (dataset == null) {
      return SyntheticCifar.generate(images, 1);
    }
    ImageSet all;
    if (dataset.toString().endsWith(".bin")) {
      try (InputStream in = Files.newInputStream(dataset)) {
        all = CifarBinary.read(in, dataset.getFileName().toString(), 10);
      }
    } else {
      all = DatasetArchive.read(dataset, ArchiveLimits.defaults()).train();
    }
    return all.slice(0, Math.min(images, all.size()));
  }
}
