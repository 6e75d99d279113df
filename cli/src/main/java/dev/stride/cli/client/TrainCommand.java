package dev.stride.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stride.client.StrideClient;
import dev.stride.client.StrideClientException;
import dev.stride.contracts.events.Hyperparameters;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code stride train}: submits a training run and follows it with a progress bar and ETA. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Submits a training run through the console and follows it until it ends.",
      "Example: stride train --dataset demo --epochs 3 --batch-size 64"
    })
public final class TrainCommand implements Callable<Integer> {

  @Option(names = "--dataset", required = true, description = "An ingested dataset's id.")
  String datasetId;

  @Option(names = "--run-id", description = "The run id (default: chosen by the console).")
  String runId;

  @Option(
      names = "--architecture",
      defaultValue = "alexnet-mini",
      description =
          "A preset: alexnet-mini, alexnet-mini-bn, all-conv, resnet-20 (default ${DEFAULT-VALUE}).")
  String architecture;

  @Option(
      names = "--epochs",
      description = "Epochs (default " + Hyperparameters.DEFAULT_EPOCHS + ").")
  Integer epochs;

  @Option(
      names = "--batch-size",
      description = "Images per batch (default " + Hyperparameters.DEFAULT_BATCH_SIZE + ").")
  Integer batchSize;

  @Option(
      names = "--learning-rate",
      description = "Adam's learning rate (default " + Hyperparameters.DEFAULT_LEARNING_RATE + ").")
  Double learningRate;

  @Option(names = "--seed", description = "Seed of initialisation and shuffling.")
  Long seed;

  @Option(
      names = "--model-name",
      description = "The registry entry to promote to (default cifar10).")
  String modelName;

  @Option(names = "--detach", description = "Return once the run is submitted.")
  boolean detach;

  @Option(
      names = "--no-wait-evaluation",
      description = "End when training ends, without waiting for the test-split evaluation.")
  boolean noWaitEvaluation;

  @Option(
      names = "--progress",
      paramLabel = "bar|epochs",
      description =
          "bar: one line redrawn as batches go (a terminal's default); epochs: one line per epoch,"
              + " no redraws (the default when stdout is not a terminal, e.g. a log).")
  String progress;

  @Option(
      names = "--poll",
      defaultValue = "PT1S",
      description = "How often the progress is refreshed (default ${DEFAULT-VALUE}).")
  Duration poll;

  @Mixin Endpoints endpoints;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try {
      if (progress != null && !progress.equals("bar") && !progress.equals("epochs")) {
        throw new CliFailure("--progress must be 'bar' or 'epochs', not '" + progress + "'");
      }
      StrideClient client = endpoints.client();
      JsonNode accepted = client.postJson(endpoints.console() + "/api/v1/runs", request());
      String id = accepted.path("runId").asText();
      out.println("run " + id + " submitted");
      if (detach) {
        return 0;
      }
      return follow(client, id, out);
    } catch (CliFailure | StrideClientException e) {
      spec.commandLine().getErr().println("stride train: " + CliFailure.message(e));
      return 1;
    }
  }

  Map<String, Object> request() {
    Map<String, Object> body = new LinkedHashMap<>();
    if (runId != null) {
      body.put("runId", runId);
    }
    body.put("datasetId", datasetId);
    body.put("architecture", architecture);
    if (modelName != null) {
      body.put("modelName", modelName);
    }
    Map<String, Object> hyper = new LinkedHashMap<>();
    put(hyper, "epochs", epochs);
    put(hyper, "batchSize", batchSize);
    put(hyper, "learningRate", learningRate);
    put(hyper, "seed", seed);
    if (!hyper.isEmpty()) {
      body.put("hyperparameters", hyper);
    }
    return body;
  }

  private static void put(Map<String, Object> map, String key, Object value) {
    if (value != null) {
      map.put(key, value);
    }
  }

  /**
   * Polls the run until it ends, then (unless --no-wait-evaluation) until its test-split evaluation
   * does: one line per epoch, and in a terminal one progress line redrawn in between. The last line
   * gives the test accuracy.
   */
  private int follow(StrideClient client, String id, PrintWriter out) {
    boolean bar = progress == null ? System.console() != null : progress.equals("bar");
    // in a terminal each printed line first clears the progress bar it replaces
    String clear = bar ? "\r" : "";
    String url = endpoints.console() + "/api/v1/runs/" + id;
    int lastEpochPrinted = 0;
    boolean waitingNoted = false;
    JsonNode lastProgress = null;
    long lastProgressSeen = System.nanoTime();
    while (true) {
      JsonNode run = client.get(url);
      int epochs = run.path("epochs").asInt(0);
      for (JsonNode epoch : run.path("history")) {
        if (epoch.path("epoch").asInt() > lastEpochPrinted) {
          lastEpochPrinted = epoch.path("epoch").asInt();
          out.printf(
              Locale.ROOT,
              "%s  epoch %d/%d: loss %.4f, accuracy %.4f, val_loss %.4f, val_accuracy %.4f (%.1f s)%n",
              clear,
              lastEpochPrinted,
              epochs,
              epoch.path("loss").asDouble(),
              epoch.path("accuracy").asDouble(),
              epoch.path("valLoss").asDouble(),
              epoch.path("valAccuracy").asDouble(),
              epoch.path("seconds").asDouble());
        }
      }
      String status = run.path("status").asText();
      switch (status) {
        case "completed" -> {
          boolean evaluated = run.path("testAccuracy").isNumber();
          if (run.hasNonNull("evaluationFailure")) {
            return failed(
                clear,
                id
                    + " completed but its evaluation failed: "
                    + run.path("evaluationFailure").asText());
          }
          if (evaluated || noWaitEvaluation) {
            out.printf(
                "%srun %s completed: best val accuracy %s, test accuracy %s, %s on %s%n",
                clear,
                id,
                Format.percent(run.path("bestValAccuracy")),
                Format.percent(run.path("testAccuracy")),
                Format.duration(run.path("durationSeconds").asDouble(Double.NaN)),
                run.path("device").asText("?"));
            return 0;
          }
          if (!waitingNoted) {
            out.printf("%srun %s trained; evaluating on the test split%n", clear, id);
            waitingNoted = true;
          }
        }
        case "failed" -> {
          return failed(clear, id + " failed: " + run.path("failureReason").asText());
        }
        case "cancelled" -> {
          spec.commandLine().getErr().println(clear + "stride train: run " + id + " was cancelled");
          return 1;
        }
        default -> {
          if (bar) {
            if (!run.path("progress").equals(lastProgress)) {
              lastProgress = run.path("progress");
              lastProgressSeen = System.nanoTime();
            }
            out.print("\r" + progressLine(run, (System.nanoTime() - lastProgressSeen) / 1e9));
            out.flush();
          }
        }
      }
      Format.pause(poll);
    }
  }

  /** Says on stderr how the run ended; exit code 1. */
  private int failed(String clear, String what) {
    spec.commandLine().getErr().println(clear + "stride train: run " + what);
    return 1;
  }

  /**
   * "[#####.....] 48% epoch 2/3 batch 10/32 611 img/s ETA 12s". Progress events come every few
   * seconds (trainer.progress-interval: each is a host read in the training loop, so not per
   * batch); between them the batch moves on at the last measured speed, {@code secondsSinceEvent}
   * after the event, and stops at the epoch's end until the next event says more.
   */
  static String progressLine(JsonNode run, double secondsSinceEvent) {
    JsonNode progress = run.path("progress");
    int epochs = run.path("epochs").asInt(0);
    if (!progress.isObject() || epochs == 0) {
      return String.format("%-70s", run.path("status").asText("requested") + " ...");
    }
    int epoch = progress.path("epoch").asInt();
    int batches = Math.max(1, progress.path("batches").asInt());
    double imagesPerSecond = progress.path("imagesPerSecond").asDouble();
    int batchSize = run.path("hyperparameters").path("batchSize").asInt(0);
    int batch = progress.path("batch").asInt();
    if (batchSize > 0 && imagesPerSecond > 0) {
      batch = Math.min(batches, batch + (int) (imagesPerSecond * secondsSinceEvent / batchSize));
    }
    double eta = progress.path("etaSeconds").asDouble(Double.NaN);
    double done = ((epoch - 1) + (double) batch / batches) / epochs;
    return String.format(
        Locale.ROOT,
        "%s %3.0f%%  epoch %d/%d  batch %d/%d  %.0f img/s  ETA %s   ",
        Format.bar(done, 24),
        done * 100,
        epoch,
        epochs,
        batch,
        batches,
        imagesPerSecond,
        Format.duration(Math.max(0, eta - secondsSinceEvent)));
  }
}
