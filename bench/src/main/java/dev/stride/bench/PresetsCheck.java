package dev.stride.bench;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stride.data.ImageSet;
import dev.stride.data.SyntheticCifar;
import dev.stride.nn.Architectures;
import dev.stride.nn.Classifier;
import dev.stride.nn.DeviceMemory;
import dev.stride.nn.DeviceSetting;
import dev.stride.nn.EpochStats;
import dev.stride.nn.LastEpochParameters;
import dev.stride.nn.Normalization;
import dev.stride.nn.Presets;
import dev.stride.nn.TrainingJob;
import dev.stride.nn.TrainingLoop;
import dev.stride.nn.TrainingObserver;
import dev.stride.nn.TrainingResult;
import dev.stride.nn.spec.ArchitectureSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Every preset trains on the given device and its checkpoint serves elsewhere: for each, a few
 * epochs on synthetic data (the loss must fall, device memory must stay flat after the first
 * epoch), then the last epoch's parameters are loaded on the CPU and on the device and score the
 * same test images (the largest difference of any class probability must stay within the
 * tolerance). Prints one JSON line; exits 1 if any preset fails a check. bench/gpu/check.sh runs it
 * on the GPU machine.
 */
@Command(
    name = "PresetsCheck",
    mixinStandardHelpOptions = true,
    description = "Trains every preset on a device; its checkpoint must score the same on the CPU.")
public final class PresetsCheck implements Callable<Integer> {

  @Option(names = "--device", defaultValue = "auto", description = "Where to train.")
  String device;

  @Option(names = "--train-images", defaultValue = "4096")
  int trainImages;

  @Option(names = "--test-images", defaultValue = "512")
  int testImages;

  @Option(names = "--epochs", defaultValue = "4")
  int epochs;

  @Option(names = "--batch-size", defaultValue = "128")
  int batchSize;

  @Option(
      names = "--tolerance",
      defaultValue = "1e-4",
      description = "Largest difference allowed between a probability on the device and the CPU.")
  double tolerance;

  @Option(
      names = "--memory-growth",
      defaultValue = "67108864",
      description = "Most bytes device memory may grow after the first epoch (default 64 MiB).")
  long memoryGrowth;

  @Option(names = "--architecture", description = "Only these presets (default: all).")
  List<String> architectures;

  public static void main(String[] args) {
    System.exit(new CommandLine(new PresetsCheck()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Device dev = DeviceSetting.of("--device", device).device();
    ImageSet all = SyntheticCifar.generate(trainImages + testImages + 512, 7);
    ImageSet train = all.slice(0, trainImages);
    ImageSet validation = all.slice(trainImages, trainImages + 512);
    ImageSet test = all.slice(trainImages + 512, all.size());

    ObjectMapper json = new ObjectMapper();
    ObjectNode out = json.createObjectNode();
    out.put("check", "presets");
    out.put(
        "engine", Engine.getInstance().getEngineName() + " " + Engine.getInstance().getVersion());
    out.put("device", dev.toString());
    out.put("memory_source", DeviceMemory.source(dev));
    out.put("train_images", train.size());
    out.put("epochs", epochs);
    out.put("batch_size", batchSize);
    out.put("tolerance", tolerance);
    ArrayNode results = out.putArray("presets");
    boolean ok = true;
    for (String name : architectures == null ? Presets.NAMES : architectures) {
      ObjectNode result = check(Presets.load(name), train, validation, test, dev, json);
      results.add(result);
      ok &= result.get("ok").asBoolean();
    }
    out.put("ok", ok);
    System.out.println(json.writeValueAsString(out));
    return ok ? 0 : 1;
  }

  private ObjectNode check(
      ArchitectureSpec spec,
      ImageSet train,
      ImageSet validation,
      ImageSet test,
      Device dev,
      ObjectMapper json)
      throws Exception {
    Path parameters = Files.createTempFile("stride-preset-" + spec.name(), ".params");
    List<Long> memory = new ArrayList<>();
    LastEpochParameters save = new LastEpochParameters(parameters);
    TrainingResult result =
        TrainingLoop.run(
            TrainingJob.builder()
                .setBlock(Architectures.build(spec, 10))
                .setTrainSet(train)
                .setValidationSet(validation)
                .optEpochs(epochs)
                .optBatchSize(batchSize)
                .optDevice(dev)
                .optObserver(
                    new TrainingObserver() {
                      @Override
                      public void onEpoch(EpochStats stats, Model model) {
                        save.onEpoch(stats, model);
                        memory.add(DeviceMemory.used(dev));
                      }
                    })
                .build());
    float[][] onDevice;
    float[][] onCpu;
    double accuracyDevice;
    double accuracyCpu;
    try (Classifier there = load(spec, parameters, dev);
        Classifier cpu = load(spec, parameters, Device.cpu())) {
      Classifier.Scores a = there.score(test, batchSize);
      Classifier.Scores b = cpu.score(test, batchSize);
      onDevice = a.probabilities();
      onCpu = b.probabilities();
      accuracyDevice = a.accuracy();
      accuracyCpu = b.accuracy();
    } finally {
      Files.deleteIfExists(parameters);
    }
    double difference = 0;
    for (int i = 0; i < onDevice.length; i++) {
      for (int c = 0; c < onDevice[i].length; c++) {
        difference = Math.max(difference, Math.abs(onDevice[i][c] - onCpu[i][c]));
      }
    }

    List<EpochStats> history = result.history();
    boolean lossFalls = history.get(history.size() - 1).loss() < history.get(0).loss();
    long growth = 0;
    for (long bytes : memory.subList(1, memory.size())) {
      growth = Math.max(growth, bytes - memory.get(0));
    }
    boolean flat = growth <= memoryGrowth;
    boolean same = difference <= tolerance;

    ObjectNode node = json.createObjectNode();
    node.put("architecture", spec.name());
    node.put("parameters", result.parameterCount());
    node.put("device", result.device());
    ArrayNode losses = node.putArray("loss_per_epoch");
    history.forEach(e -> losses.add(Math.round(e.loss() * 10_000) / 10_000.0));
    ArrayNode rates = node.putArray("images_per_second_per_epoch");
    history.forEach(e -> rates.add(Math.round(e.imagesPerSecond() * 10) / 10.0));
    node.put("val_accuracy", history.get(history.size() - 1).valAccuracy());
    ArrayNode bytes = node.putArray("device_memory_bytes_per_epoch");
    memory.forEach(bytes::add);
    node.put("memory_growth_after_epoch_1_bytes", growth);
    node.put("test_accuracy_on_device", accuracyDevice);
    node.put("test_accuracy_on_cpu", accuracyCpu);
    node.put("max_probability_difference", difference);
    node.put("loss_falls", lossFalls);
    node.put("memory_flat", flat);
    node.put("scores_same_on_cpu", same);
    node.put("ok", lossFalls && flat && same);
    return node;
  }

  private static Classifier load(ArchitectureSpec spec, Path parameters, Device device)
      throws Exception {
    return Classifier.load(spec, 10, parameters, device, Normalization.scale());
  }
}
