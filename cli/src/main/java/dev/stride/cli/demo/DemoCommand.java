package dev.stride.cli.demo;

import dev.stride.client.StrideClient;
import dev.stride.client.StrideClientException;
import dev.stride.contracts.Topics;
import dev.stride.contracts.api.IngestRequest;
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
import dev.stride.devstack.EventTap;
import dev.stride.devstack.JvmOptions;
import dev.stride.devstack.stack.LocalStack;
import dev.stride.devstack.stack.Service;
import dev.stride.devstack.stack.StackException;
import dev.stride.devstack.stack.StackPaths;
import java.io.FileNotFoundException;
import java.io.PrintStream;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code stride demo}: the whole pipeline on the local stack. Ingest, train, evaluate, promote,
 * predict; print what the notebook printed; stop everything.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the whole pipeline on a local stack: ingests a dataset, trains mini-AlexNet,",
      "evaluates it, serves it, asks it about a test image, prints the results, stops."
    })
public final class DemoCommand implements Callable<Integer> {

  @Option(
      names = "--epochs",
      defaultValue = "3",
      description = "Epochs to train (default ${DEFAULT-VALUE}).")
  int epochs;

  @Option(
      names = "--batch-size",
      defaultValue = "64",
      description = "Batch size (default ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(
      names = "--dataset-url",
      description = "Ingest a CIFAR-10 binary archive from this URL instead of synthetic data.")
  String datasetUrl;

  @Option(names = "--dataset-md5", description = "MD5 the downloaded archive must have.")
  String datasetMd5;

  @Option(
      names = "--dataset-file",
      description = "Ingest a CIFAR-10 binary archive from this file.")
  Path datasetFile;

  @Option(
      names = "--synthetic",
      defaultValue = "2000,500,500",
      description =
          "train,validation,test image counts of the synthetic dataset (default ${DEFAULT-VALUE}).")
  String synthetic;

  @Option(
      names = "--dir",
      description = "Data and logs (default: a new folder under .stride/demo).")
  Path dir;

  @Override
  public Integer call() {
    PrintStream out = System.out;
    if (datasetUrl != null && datasetFile != null) {
      System.err.println("give --dataset-url or --dataset-file, not both");
      return 2;
    }
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    Path directory = dir != null ? dir : StackPaths.stateDirectory().resolve("demo").resolve(stamp);
    out.println("Stride demo. Everything (data, logs) goes to " + directory.toAbsolutePath());
    out.println("Starting the local stack:");
    // a stack that lives two minutes: its JVMs compile with C1 only (the services start in 14-19 s
    // instead of 20-27 s on two cores, and train no slower); `stride up` keeps the JVM's defaults
    if (System.getProperty(JvmOptions.PROPERTY) == null) {
      System.setProperty(JvmOptions.PROPERTY, JvmOptions.SHORT_LIVED);
    }
    LocalStack stack;
    try {
      stack = LocalStack.start(directory, true, Map.of(), out);
    } catch (StackException | IllegalStateException e) {
      System.err.println("The local stack could not start: " + e.getMessage());
      return 1;
    }
    // Ctrl-C: stop every process before the JVM goes
    Thread stopper =
        new Thread(
            () -> {
              out.println();
              out.println("Interrupted: stopping the local stack ...");
              stack.close();
              out.println("Stopped. Data and logs stay in " + directory.toAbsolutePath());
            },
            "stride-demo-stop");
    Runtime.getRuntime().addShutdownHook(stopper);
    try (EventTap tap =
        EventTap.open(
            stack.kafkaBootstrapServers(),
            List.of(Topics.DATASET_EVENTS, Topics.TRAINING_EVENTS, Topics.EVALUATION_EVENTS))) {
      return new Pipeline(stack, tap, out).run("demo-" + stamp);
    } catch (DemoFailure | StrideClientException e) {
      System.err.println("The demo failed: " + DemoFailure.message(e));
      System.err.println("Logs: " + directory.resolve("logs"));
      return 1;
    } finally {
      out.println("Stopping the local stack...");
      stack.close();
      Runtime.getRuntime().removeShutdownHook(stopper);
      out.println("Stopped. Data and logs stay in " + directory.toAbsolutePath());
    }
  }

  /** One pass through the system, printing as it goes. */
  private final class Pipeline {

    private final LocalStack stack;
    private final EventTap tap;
    private final PrintStream out;
    private final StrideClient client = StrideClient.create();

    Pipeline(LocalStack stack, EventTap tap, PrintStream out) {
      this.stack = stack;
      this.tap = tap;
      this.out = out;
    }

    int run(String runId) {
      // 1. the dataset
      String ingestion = stack.url(Service.INGESTION);
      String datasetId =
          datasetFile != null
              ? upload(ingestion)
              : client
                  .requestDataset(ingestion, new IngestRequest(null, source(), null))
                  .datasetId();
      out.println("Ingesting dataset " + datasetId + " ...");
      Event ingestResult =
          awaitEither(
              DatasetIngested.class, DatasetFailed.class, datasetId, Duration.ofMinutes(30));
      if (ingestResult instanceof DatasetFailed failed) {
        throw new DemoFailure("dataset " + datasetId + " failed: " + failed.reason());
      }
      DatasetIngested dataset = (DatasetIngested) ingestResult;
      out.printf(
          "  %d train, %d validation, %d test images; classes %s%n",
          dataset.train(), dataset.validation(), dataset.test(), dataset.classNames());

      // 2. training, as an event on training.requests
      tap.publish(
          new RunRequested(
              runId,
              datasetId,
              "alexnet-mini",
              null,
              new Hyperparameters(epochs, batchSize, null, 42L, null)),
          "/stride/cli");
      out.println(
          "Training run "
              + runId
              + " (mini-AlexNet, "
              + epochs
              + " epochs, batch "
              + batchSize
              + ") ...");
      Duration trainTimeout =
          Duration.ofMinutes(10).plusSeconds((long) epochs * dataset.train() / 20);
      Event start = awaitEither(RunStarted.class, RunFailed.class, runId, Duration.ofMinutes(5));
      if (start instanceof RunFailed failed) {
        throw new DemoFailure("run " + runId + " failed: " + failed.reason());
      }
      RunStarted started = (RunStarted) start;
      out.printf("  on %s, %,d parameters%n", started.device(), started.parameterCount());
      Event trainResult = awaitEpochsThen(runId, trainTimeout);
      if (trainResult instanceof RunFailed failed) {
        throw new DemoFailure("run " + runId + " failed: " + failed.reason());
      }

      // 3. evaluation and promotion
      out.println("Evaluating on the test split ...");
      Event evaluation =
          awaitEither(
              EvaluationCompleted.class, EvaluationFailed.class, runId, Duration.ofMinutes(15));
      if (evaluation instanceof EvaluationFailed failed) {
        throw new DemoFailure("evaluation of " + runId + " failed: " + failed.reason());
      }
      EvaluationCompleted evaluated = (EvaluationCompleted) evaluation;
      tap.await(ModelPromoted.class, e -> e.runId().equals(runId), Duration.ofMinutes(2));

      // 4. a prediction from the served model
      String predictor = stack.url(Service.PREDICTOR);
      awaitServed(predictor, runId, Duration.ofMinutes(2));
      TestImage image = TestImage.first(stack.store(), datasetId);
      Prediction prediction =
          client
              .predict(predictor, BodyPublishers.ofByteArray(image.png()), "image/png", null)
              .predictions()
              .get(0);

      new ResultsTable(out)
          .print(tap.events(EpochCompleted.class, runId), evaluated, image, prediction);
      return 0;
    }

    private String upload(String ingestion) {
      try {
        return client
            .uploadDataset(ingestion, datasetFile, "application/gzip", null, null, null)
            .datasetId();
      } catch (FileNotFoundException e) {
        throw new DemoFailure("no such file: " + datasetFile);
      }
    }

    /** Waits until the predictor serves {@code runId} (it swaps in the background). */
    private void awaitServed(String predictor, String runId, Duration timeout) {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!client.serves(predictor, runId)) {
        if (System.nanoTime() > deadline) {
          throw new DemoFailure("the predictor did not serve " + runId + " within " + timeout);
        }
        pause();
      }
    }

    private DatasetSource source() {
      if (datasetUrl != null) {
        String md5 = datasetMd5;
        if (md5 == null && DatasetSource.CIFAR10_URL.equals(datasetUrl)) {
          md5 = DatasetSource.CIFAR10_MD5;
        }
        return DatasetSource.ofUrl(datasetUrl, md5);
      }
      String[] counts = synthetic.split(",");
      if (counts.length != 3) {
        throw new DemoFailure("--synthetic takes train,validation,test counts, e.g. 2000,500,500");
      }
      return DatasetSource.ofSynthetic(
          new dev.stride.contracts.events.SyntheticSpec(
              Integer.parseInt(counts[0].trim()),
              Integer.parseInt(counts[1].trim()),
              Integer.parseInt(counts[2].trim()),
              42L));
    }

    /** Prints each epoch as it completes; returns RunCompleted or RunFailed. */
    private Event awaitEpochsThen(String runId, Duration timeout) {
      long deadline = System.nanoTime() + timeout.toNanos();
      int printed = 0;
      while (System.nanoTime() < deadline) {
        List<EpochCompleted> epochsSoFar = tap.events(EpochCompleted.class, runId);
        for (; printed < epochsSoFar.size(); printed++) {
          EpochCompleted e = epochsSoFar.get(printed);
          out.printf(
              "  epoch %d/%d: loss %.4f, accuracy %.4f, val_loss %.4f, val_accuracy %.4f (%.1f s)%n",
              e.epoch(),
              e.epochs(),
              e.loss(),
              e.accuracy(),
              e.valLoss(),
              e.valAccuracy(),
              e.seconds());
        }
        List<RunCompleted> completed = tap.events(RunCompleted.class, runId);
        if (!completed.isEmpty() && printed == epochsSoFar.size()) {
          return completed.get(0);
        }
        List<RunFailed> failed = tap.events(RunFailed.class, runId);
        if (!failed.isEmpty()) {
          return failed.get(0);
        }
        pause();
      }
      throw new DemoFailure("run " + runId + " did not end within " + timeout);
    }

    private Event awaitEither(
        Class<? extends Event> ok, Class<? extends Event> failed, String key, Duration timeout) {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (System.nanoTime() < deadline) {
        for (Class<? extends Event> type : List.of(ok, failed)) {
          List<? extends Event> seen = tap.events(type, key);
          if (!seen.isEmpty()) {
            return seen.get(seen.size() - 1);
          }
        }
        pause();
      }
      throw new DemoFailure("no " + ok.getSimpleName() + " for " + key + " within " + timeout);
    }

    private void pause() {
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DemoFailure("interrupted");
      }
    }
  }
}
