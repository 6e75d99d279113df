package dev.stride.bench;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stride.data.ImageSet;
import dev.stride.data.SyntheticCifar;
import dev.stride.data.archive.ArchiveLimits;
import dev.stride.data.cifar.CifarBinary;
import dev.stride.data.cifar.DatasetArchive;
import dev.stride.nn.Architectures;
import dev.stride.nn.DeviceMemory;
import dev.stride.nn.DeviceSetting;
import dev.stride.nn.EpochStats;
import dev.stride.nn.Normalization;
import dev.stride.nn.Presets;
import dev.stride.nn.TrainingJob;
import dev.stride.nn.TrainingLoop;
import dev.stride.nn.TrainingObserver;
import dev.stride.nn.TrainingResult;
import dev.stride.nn.spec.ArchitectureSpec;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The trainer's own loop against a bare DJL loop on the same images, model, recipe and device, in
 * one run; prints one JSON line. The comparison is kept fair: both start from uint8 records on the
 * host and send each batch to the device in one transfer, both are warmed up by the same number of
 * steps on a throwaway model, both clocks stop only after a read that waits for the device, every
 * per-step array is closed in both (device memory is printed per epoch to show it stays flat), and
 * each loop runs several times, interleaved, reported as median and spread. No Kafka, no object
 * store: GPU machines are checked with this (bench/gpu/check.sh puts PyTorch's own loop beside it).
 */
@Command(
    name = "TrainingLoopBench",
    mixinStandardHelpOptions = true,
    description = "Images/s of the trainer's loop and of a bare DJL loop, same data, same run.")
public final class TrainingLoopBench implements Callable<Integer> {

  static final String INPUT = "uint8 records on the host, one transfer to the device per batch";

  @Option(
      names = "--images",
      defaultValue = "10000",
      description = "Images, of which 10% (at most 1000) are held out for validation.")
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

  @Option(names = "--epochs", defaultValue = "2", description = "Timed epochs per repetition.")
  int epochs;

  @Option(names = "--batch-size", defaultValue = "128")
  int batchSize;

  @Option(names = "--repetitions", defaultValue = "3", description = "Runs of each loop.")
  int repetitions;

  @Option(
      names = "--warmup-batches",
      defaultValue = "10",
      description = "Steps each loop takes on a throwaway model before anything is timed.")
  int warmupBatches;

  @Option(names = "--seed", defaultValue = "42")
  long seed;

  @Option(
      names = "--device",
      defaultValue = "auto",
      description = "auto, cpu, gpu0, gpu(0), cuda:0, ... (default: ${DEFAULT-VALUE}).")
  String device;

  @Option(
      names = "--concurrent-runs",
      defaultValue = "1",
      description =
          "Also train this many runs of the trainer's loop at once on the device (threads, as a"
              + " trainer with trainer.max-concurrent-runs does) and report their total rate.")
  int concurrentRuns;

  @Option(
      names = "--export",
      description =
          "Write the images as CIFAR-10 binary records to this file and exit (the PyTorch"
              + " reference trains on that file).")
  Path export;

  public static void main(String[] args) {
    System.exit(new CommandLine(new TrainingLoopBench()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    ImageSet all = images();
    if (export != null) {
      try (OutputStream out = Files.newOutputStream(export)) {
        CifarBinary.write(all, out);
      }
      System.err.printf("wrote %d images to %s%n", all.size(), export);
      return 0;
    }
    int held = Math.max(1, Math.min(1000, all.size() / 10));
    ImageSet train = all.slice(0, all.size() - held);
    ImageSet validation = all.slice(all.size() - held, all.size());
    Device dev = DeviceSetting.of("--device", device).device();
    ArchitectureSpec spec = spec();

    // warm-up, the same for both: an epoch of a few batches on a throwaway model, the last one as
    // short as the real epochs' last, pays for libtorch's lazy start and each shape's first use
    ImageSet warm =
        train.slice(
            0, Math.min(train.size(), warmupBatches * batchSize + train.size() % batchSize));
    trainerLoop(spec, warm, validation, dev, 1, seed);
    bareLoop(spec, warm, dev, 1, seed);

    List<Run> trainer = new ArrayList<>();
    List<Run> bare = new ArrayList<>();
    for (int r = 0; r < repetitions; r++) {
      trainer.add(trainerLoop(spec, train, validation, dev, epochs, seed + r));
      bare.add(bareLoop(spec, train, dev, epochs, seed + r));
    }

    ObjectMapper json = new ObjectMapper();
    ObjectNode out = json.createObjectNode();
    out.put("benchmark", "training-loop");
    out.put(
        "engine", Engine.getInstance().getEngineName() + " " + Engine.getInstance().getVersion());
    out.put("device", dev.toString());
    out.put("architecture", spec.name());
    out.put("parameters", trainer.get(0).parameters);
    out.put("train_images", train.size());
    out.put("validation_images", validation.size());
    out.put("batch_size", batchSize);
    out.put("epochs", epochs);
    out.put("repetitions", repetitions);
    out.put("warmup_batches", warmupBatches);
    out.put("input", INPUT);
    ObjectNode loops = out.putObject("loops");
    loops.set("stride_trainer", Run.summary(json, trainer, dev));
    loops.set("bare_djl", Run.summary(json, bare, dev));
    out.put(
        "ratio_trainer_to_bare",
        Math.round(1000 * Run.median(trainer) / Run.median(bare)) / 1000.0);
    if (concurrentRuns > 1) {
      out.set("concurrent", concurrent(json, spec, train, validation, dev, Run.median(trainer)));
    }
    System.out.println(json.writeValueAsString(out));
    return 0;
  }

  /**
   * {@code --concurrent-runs} runs of the trainer's loop started together, each on its own thread:
   * the sum of their training rates against one run's median from this same invocation.
   */
  private ObjectNode concurrent(
      ObjectMapper json,
      ArchitectureSpec spec,
      ImageSet train,
      ImageSet validation,
      Device dev,
      double oneRun) {
    ExecutorService threads = Executors.newFixedThreadPool(concurrentRuns);
    try {
      long start = System.nanoTime();
      List<CompletableFuture<Run>> started = new ArrayList<>();
      for (int i = 0; i < concurrentRuns; i++) {
        long s = seed + 1000 + i;
        started.add(
            CompletableFuture.supplyAsync(
                () -> trainerLoop(spec, train, validation, dev, epochs, s), threads));
      }
      List<Run> runs = started.stream().map(CompletableFuture::join).toList();
      double wall = (System.nanoTime() - start) / 1e9;
      double sum = runs.stream().mapToDouble(Run::imagesPerSecond).sum();
      ObjectNode out = json.createObjectNode();
      out.put("runs", concurrentRuns);
      out.put("images_per_second_sum", Run.round(sum, 10));
      // everything the runs did (set-up and validation too) over the wall clock
      out.put(
          "images_per_second_wall",
          Run.round((double) concurrentRuns * train.size() * epochs / wall, 10));
      out.put("scaling_to_one_run", Math.round(1000 * sum / oneRun) / 1000.0);
      ArrayNode each = out.putArray("each");
      for (Run r : runs) {
        ObjectNode run = each.addObject();
        run.put("images_per_second", Run.round(r.imagesPerSecond, 10));
        run.put("final_loss", Run.round(r.finalLoss, 10_000));
        run.put("val_accuracy", Run.round(r.valAccuracy, 10_000));
        ArrayNode memory = run.putArray("device_memory_bytes_per_epoch");
        r.memoryPerEpoch.forEach(memory::add);
      }
      return out;
    } finally {
      threads.shutdownNow();
    }
  }

  /** The trainer's loop (TrainingLoop.run), as the trainer service runs it. */
  private Run trainerLoop(
      ArchitectureSpec spec, ImageSet train, ImageSet validation, Device dev, int n, long s) {
    List<Long> memory = new ArrayList<>();
    TrainingResult result =
        TrainingLoop.run(
            TrainingJob.builder()
                .setBlock(Architectures.build(spec, 10))
                .setTrainSet(train)
                .setValidationSet(validation)
                .optEpochs(n)
                .optBatchSize(batchSize)
                .optSeed(s)
                .optDevice(dev)
                .optObserver(
                    new TrainingObserver() {
                      @Override
                      public void onEpoch(EpochStats stats, Model model) {
                        memory.add(DeviceMemory.used(dev));
                      }
                    })
                .build());
    double seconds = 0;
    for (EpochStats e : result.history()) {
      seconds += train.size() / e.imagesPerSecond(); // training only: validation is not timed
    }
    EpochStats last = result.last();
    return new Run(
        (double) train.size() * n / seconds,
        memory,
        last.loss(),
        last.valAccuracy(),
        result.parameterCount());
  }

  /**
   * What a DJL user writes: forward, loss, backward, step, batch after batch in a shuffled order,
   * each step's arrays in a sub-manager that is closed after it. No batch prepared ahead, no
   * metrics, no validation.
   */
  private Run bareLoop(ArchitectureSpec spec, ImageSet train, Device dev, int n, long s) {
    Engine.getInstance().setRandomSeed((int) s);
    List<Long> memory = new ArrayList<>();
    try (Model model = Model.newInstance("bare", dev)) {
      model.setBlock(Architectures.build(spec, 10));
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
        Normalization scale = Normalization.scale();
        Random random = new Random(s);
        int batches = (train.size() + batchSize - 1) / batchSize;
        ByteBuffer records = ByteBuffer.allocateDirect(batchSize * CifarBinary.RECORD_BYTES);
        double seconds = 0;
        for (int epoch = 0; epoch < n; epoch++) {
          int[] order = shuffled(train.size(), random);
          long start = System.nanoTime();
          for (int b = 0; b < batches; b++) {
            int count = pack(train, order, b, records);
            try (NDManager step = trainer.getManager().newSubManager()) {
              // (count, 3073) uint8: one transfer to the device, label and pixels split there
              NDArray batch =
                  step.create(records, new Shape(count, CifarBinary.RECORD_BYTES), DataType.UINT8);
              NDArray y = batch.get(new NDIndex(":, 0")).toType(DataType.INT64, false);
              NDArray x = scale.apply(batch.get(new NDIndex(":, 1:")).reshape(count, 3, 32, 32));
              try (GradientCollector gradients = trainer.newGradientCollector()) {
                NDArray l =
                    trainer.getLoss().evaluate(new NDList(y), trainer.forward(new NDList(x)));
                gradients.backward(l);
                if (b == batches - 1) {
                  l.getFloat(); // waits for the device: the clock includes its queued work
                }
              }
              trainer.step();
            }
          }
          seconds += (System.nanoTime() - start) / 1e9;
          memory.add(DeviceMemory.used(dev));
        }
        long parameters =
            model.getBlock().getParameters().values().stream()
                .mapToLong(p -> p.getArray().size())
                .sum();
        // no metrics in a bare loop: its loss and accuracy are not reported
        return new Run(
            (double) train.size() * n / seconds, memory, Double.NaN, Double.NaN, parameters);
      }
    }
  }

  /** Packs batch {@code b} of the epoch's order into {@code records}; returns its size. */
  private int pack(ImageSet train, int[] order, int b, ByteBuffer records) {
    int from = b * batchSize;
    int count = Math.min(batchSize, order.length - from);
    records.clear();
    byte[] pixels = train.pixels();
    for (int i = 0; i < count; i++) {
      int index = order[from + i];
      records.put(train.labels()[index]);
      records.put(pixels, index * ImageSet.IMAGE_BYTES, ImageSet.IMAGE_BYTES);
    }
    records.flip();
    return count;
  }

  private static int[] shuffled(int n, Random random) {
    List<Integer> order = new ArrayList<>(IntStream.range(0, n).boxed().toList());
    Collections.shuffle(order, random);
    return order.stream().mapToInt(Integer::intValue).toArray();
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

  /** One repetition of one loop. */
  record Run(
      double imagesPerSecond,
      List<Long> memoryPerEpoch,
      double finalLoss,
      double valAccuracy,
      long parameters) {

    static double median(List<Run> runs) {
      double[] rates = runs.stream().mapToDouble(Run::imagesPerSecond).sorted().toArray();
      int m = rates.length / 2;
      return rates.length % 2 == 1 ? rates[m] : (rates[m - 1] + rates[m]) / 2;
    }

    /** The fields bench/pytorch/training_loop.py prints for its loop too. */
    static ObjectNode summary(ObjectMapper json, List<Run> runs, Device device) {
      ObjectNode loop = json.createObjectNode();
      ObjectNode rate = loop.putObject("images_per_second");
      rate.put("median", round(median(runs), 10));
      rate.put("min", round(runs.stream().mapToDouble(Run::imagesPerSecond).min().orElse(0), 10));
      rate.put("max", round(runs.stream().mapToDouble(Run::imagesPerSecond).max().orElse(0), 10));
      ArrayNode samples = rate.putArray("samples");
      runs.forEach(r -> samples.add(round(r.imagesPerSecond, 10)));
      loop.put("memory_source", DeviceMemory.source(device));
      ArrayNode memory = loop.putArray("device_memory_bytes_per_epoch");
      long max = -1;
      for (Run r : runs) {
        ArrayNode epochs = memory.addArray();
        for (long bytes : r.memoryPerEpoch) {
          epochs.add(bytes);
          max = Math.max(max, bytes);
        }
      }
      loop.put("max_device_memory_bytes", max);
      Run last = runs.get(runs.size() - 1);
      putNumber(loop, "final_loss", round(last.finalLoss, 10_000));
      putNumber(loop, "val_accuracy", round(last.valAccuracy, 10_000));
      return loop;
    }

    static double round(double value, double scale) {
      return Double.isNaN(value) ? value : Math.round(value * scale) / scale;
    }

    private static void putNumber(ObjectNode node, String field, double value) {
      if (Double.isNaN(value)) {
        node.putNull(field);
      } else {
        node.put(field, value);
      }
    }
  }
}
