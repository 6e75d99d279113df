package dev.stride.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stride.client.StrideClient;
import dev.stride.contracts.Topics;
import dev.stride.contracts.api.IngestRequest;
import dev.stride.contracts.api.PredictResponse;
import dev.stride.contracts.api.Prediction;
import dev.stride.contracts.events.DatasetFailed;
import dev.stride.contracts.events.DatasetIngested;
import dev.stride.contracts.events.DatasetSource;
import dev.stride.contracts.events.EpochCompleted;
import dev.stride.contracts.events.EvaluationCompleted;
import dev.stride.contracts.events.EvaluationFailed;
import dev.stride.contracts.events.Event;
import dev.stride.contracts.events.Hyperparameters;
import dev.stride.contracts.events.ModelPromoted;
import dev.stride.contracts.events.RunCompleted;
import dev.stride.contracts.events.RunFailed;
import dev.stride.contracts.events.RunRequested;
import dev.stride.contracts.events.RunStarted;
import dev.stride.contracts.events.SyntheticSpec;
import dev.stride.data.ImageSet;
import dev.stride.data.SyntheticCifar;
import dev.stride.data.image.Images;
import dev.stride.devstack.EventTap;
import dev.stride.devstack.stack.LocalStack;
import dev.stride.devstack.stack.Service;
import dev.stride.devstack.stack.StackPaths;
import java.io.PrintStream;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The whole of Stride on one machine, timed: the local stack (Kafka, S3, every service as its own
 * process, computing on {@code --device}), a synthetic CIFAR-sized dataset ingested, the notebook's
 * recipe requested as a training event, then the seconds from that request to run-completed, to
 * evaluation-completed, to promotion and to the predictor serving it, the device each service
 * reports and the test accuracy. Prints one JSON line. bench/gpu/pipeline.sh runs it on the GPU
 * machine.
 */
@Command(
    name = "PipelineBench",
    mixinStandardHelpOptions = true,
    description = "Request to served model on the local stack, timed; one JSON line.")
public final class PipelineBench implements Callable<Integer> {

  @Option(
      names = "--device",
      defaultValue = "auto",
      description =
          "trainer.device, evaluator.device and predictor.device (default ${DEFAULT-VALUE}).")
  String device;

  @Option(
      names = "--synthetic",
      defaultValue = "50000,10000,10000",
      description = "train,validation,test images (default ${DEFAULT-VALUE}).")
  String synthetic;

  @Option(names = "--architecture", defaultValue = "alexnet-mini")
  String architecture;

  @Option(names = "--epochs", defaultValue = "10")
  int epochs;

  @Option(names = "--batch-size", defaultValue = "128")
  int batchSize;

  @Option(names = "--timeout", defaultValue = "PT30M", description = "For each step.")
  Duration timeout;

  @Option(names = "--dir", description = "Data and logs (default: under .stride/pipeline-bench).")
  Path dir;

  private static final ObjectMapper JSON = new ObjectMapper();
  private final StrideClient client = StrideClient.create();

  public static void main(String[] args) {
    System.exit(new CommandLine(new PipelineBench()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    String[] counts = synthetic.split(",");
    SyntheticSpec spec =
        new SyntheticSpec(
            Integer.parseInt(counts[0].trim()),
            Integer.parseInt(counts[1].trim()),
            Integer.parseInt(counts[2].trim()),
            42L);
    Path directory =
        dir != null
            ? dir
            : StackPaths.stateDirectory()
                .resolve("pipeline-bench")
                .resolve(Long.toString(System.currentTimeMillis()));
    Map<String, String> env =
        Map.of("TRAINER_DEVICE", device, "EVALUATOR_DEVICE", device, "PREDICTOR_DEVICE", device);
    PrintStream log = System.err;
    long stackStart = System.nanoTime();
    try (LocalStack stack = LocalStack.start(directory, true, Map.of(), env, log);
        EventTap tap =
            EventTap.open(
                stack.kafkaBootstrapServers(),
                List.of(
                    Topics.DATASET_EVENTS,
                    Topics.TRAINING_EVENTS,
                    Topics.EVALUATION_EVENTS,
                    Topics.deadLetter(Topics.DATASET_REQUESTS),
                    Topics.deadLetter(Topics.TRAINING_REQUESTS)))) {
      double stackSeconds = (System.nanoTime() - stackStart) / 1e9;

      // 1. the dataset, through ingestion's REST API
      long ingestStart = System.currentTimeMillis();
      String datasetId =
          client
              .requestDataset(
                  stack.url(Service.INGESTION),
                  new IngestRequest(null, DatasetSource.ofSynthetic(spec), null))
              .datasetId();
      log.println("pipeline: ingesting " + datasetId + " ...");
      if (awaitEither(tap, DatasetIngested.class, DatasetFailed.class, datasetId)
          instanceof DatasetFailed failed) {
        throw new IllegalStateException("dataset failed: " + failed.reason());
      }
      double ingestSeconds = (stamp(tap, datasetId, "dataset-ingested") - ingestStart) / 1e3;

      // 2. the notebook's recipe, as an event on training.requests
      String runId = "pipeline-" + System.currentTimeMillis();
      long requested = System.currentTimeMillis();
      tap.publish(
          new RunRequested(
              runId,
              datasetId,
              architecture,
              null,
              new Hyperparameters(epochs, batchSize, null, 42L, null)),
          "/stride/bench");
      log.println("pipeline: training " + runId + " ...");
      if (awaitEither(tap, RunStarted.class, RunFailed.class, runId) instanceof RunFailed f) {
        throw new IllegalStateException("run failed: " + f.reason());
      }
      if (awaitEither(tap, RunCompleted.class, RunFailed.class, runId) instanceof RunFailed f) {
        throw new IllegalStateException("run failed: " + f.reason());
      }
      log.println("pipeline: evaluating ...");
      Event evaluation = awaitEither(tap, EvaluationCompleted.class, EvaluationFailed.class, runId);
      if (evaluation instanceof EvaluationFailed f) {
        throw new IllegalStateException("evaluation failed: " + f.reason());
      }
      tap.await(ModelPromoted.class, e -> e.runId().equals(runId), timeout);

      // 3. served: the predictor has swapped the promoted run in
      String predictor = stack.url(Service.PREDICTOR);
      long served = awaitServed(predictor, runId);
      JsonNode model = client.get(predictor + "/v2/models/cifar10");
      ImageSet picture = SyntheticCifar.generate(1, 99);
      long predictStart = System.nanoTime();
      PredictResponse prediction =
          client.predict(
              predictor,
              BodyPublishers.ofByteArray(Images.toPng(picture.pixels(), 1)),
              "image/png",
              null);
      double predictMillis = (System.nanoTime() - predictStart) / 1e6;

      ObjectNode out = JSON.createObjectNode();
      out.put("benchmark", "pipeline");
      out.put("architecture", architecture);
      out.put("epochs", epochs);
      out.put("batch_size", batchSize);
      ObjectNode data = out.putObject("dataset");
      data.put("train", spec.train());
      data.put("validation", spec.validation());
      data.put("test", spec.test());
      data.put("ingest_seconds", round(ingestSeconds));
      out.put("stack_start_seconds", round(stackSeconds));
      ObjectNode seconds = out.putObject("seconds_from_request");
      seconds.put("run_started", since(requested, stamp(tap, runId, "run-started")));
      seconds.put("run_completed", since(requested, stamp(tap, runId, "run-completed")));
      seconds.put(
          "evaluation_completed", since(requested, stamp(tap, runId, "evaluation-completed")));
      seconds.put("model_promoted", since(requested, stamp(tap, runId, "model-promoted")));
      seconds.put("served", since(requested, served));
      ObjectNode devices = out.putObject("devices");
      devices.put("setting", device);
      devices.put("trainer", tap.events(RunStarted.class, runId).get(0).device());
      devices.set("evaluator", eventField(tap, runId, "evaluation-completed", "device"));
      devices.set("predictor", model.findValue("device"));
      EvaluationCompleted evaluated = (EvaluationCompleted) evaluation;
      out.put("test_accuracy", evaluated.testAccuracy());
      ArrayNode epochsNode = out.putArray("epochs_seen");
      for (EpochCompleted e : tap.events(EpochCompleted.class, runId)) {
        ObjectNode epoch = epochsNode.addObject();
        epoch.put("epoch", e.epoch());
        epoch.put("loss", Math.round(e.loss() * 10_000) / 10_000.0);
        epoch.put("val_accuracy", e.valAccuracy());
        epoch.put("seconds", round(e.seconds()));
      }
      ObjectNode predicted = out.putObject("prediction");
      Prediction first = prediction.predictions().get(0);
      predicted.put("runId", prediction.runId());
      predicted.put("label", first.label());
      predicted.put("probability", first.probability());
      predicted.put("milliseconds", round(predictMillis));
      System.out.println(JSON.writeValueAsString(out));
      return 0;
    }
  }

  private Event awaitEither(
      EventTap tap, Class<? extends Event> ok, Class<? extends Event> failed, String key)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      // a request a service could not process goes to a dead-letter topic, with the reason
      for (ConsumerRecord<String, byte[]> r : tap.records(key)) {
        if (key.equals(r.key()) && r.topic().endsWith(".dlq")) {
          throw new IllegalStateException(
              "the request for "
                  + key
                  + " was dead-lettered on "
                  + r.topic()
                  + ": "
                  + EventTap.header(r, "dead-letter-reason")
                  + " (cause: "
                  + EventTap.header(r, "dead-letter-cause")
                  + ")");
        }
      }
      for (Class<? extends Event> type : List.of(ok, failed)) {
        List<? extends Event> seen = tap.events(type, key);
        if (!seen.isEmpty()) {
          return seen.get(0);
        }
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("no " + ok.getSimpleName() + " for " + key + " in " + timeout);
  }

  /** When the predictor first served {@code runId}, in epoch milliseconds. */
  private long awaitServed(String predictor, String runId) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (client.serves(predictor, runId)) {
        return System.currentTimeMillis();
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("the predictor did not serve " + runId + " in " + timeout);
  }

  /** The broker timestamp of the first record about {@code key} whose type names {@code kind}. */
  private static long stamp(EventTap tap, String key, String kind) {
    return record(tap, key, kind).timestamp();
  }

  private static JsonNode eventField(EventTap tap, String key, String kind, String field)
      throws Exception {
    return JSON.readTree(record(tap, key, kind).value()).get(field);
  }

  private static ConsumerRecord<String, byte[]> record(EventTap tap, String key, String kind) {
    for (ConsumerRecord<String, byte[]> r : tap.records(key)) {
      String type = EventTap.header(r, "ce_type");
      if (key.equals(r.key()) && type != null && type.contains("." + kind + ".")) {
        return r;
      }
    }
    throw new IllegalStateException("no " + kind + " record for " + key);
  }

  private static double since(long from, long to) {
    return round((to - from) / 1e3);
  }

  private static double round(double value) {
    return Math.round(value * 100) / 100.0;
  }
}
