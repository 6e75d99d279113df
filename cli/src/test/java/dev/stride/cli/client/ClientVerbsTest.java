package dev.stride.cli.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.stride.cli.StrideCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The verbs as HTTP clients: what they send, how they print what Stride answers, and their exit
 * codes. The services are played by a local HTTP server answering as their APIs do (the services'
 * own tests and tests/pipeline check the services themselves).
 */
class ClientVerbsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private HttpServer server;
  private String url;
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final List<String> authorizations = new CopyOnWriteArrayList<>();
  private final Map<String, Deque<String[]>> answers = new ConcurrentHashMap<>();
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::answer);
    server.start();
    url = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  /** Queues answers for "METHOD /path": status and body; the last one repeats. */
  private void on(String request, int status, String... bodies) {
    Deque<String[]> queue = answers.computeIfAbsent(request, k -> new ArrayDeque<>());
    for (String body : bodies) {
      queue.add(new String[] {String.valueOf(status), body});
    }
  }

  private void answer(HttpExchange exchange) throws IOException {
    String key = exchange.getRequestMethod() + " " + exchange.getRequestURI();
    byte[] body = exchange.getRequestBody().readAllBytes();
    authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
    requests.add(
        key
            + " "
            + exchange.getRequestHeaders().getFirst("Content-Type")
            + " "
            + new String(body, StandardCharsets.UTF_8));
    Deque<String[]> queue = answers.get(key);
    String[] answer =
        queue == null
            ? new String[] {"404", "{\"error\":\"no route\"}"}
            : queue.size() > 1 ? queue.poll() : queue.peek();
    byte[] bytes = answer[1].getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(Integer.parseInt(answer[0]), bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  private int run(String... args) {
    CommandLine cli =
        new CommandLine(new StrideCli())
            .setOut(new PrintWriter(out, true))
            .setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  /** {@code stride train} of dataset demo against the test server, polling every 10 ms. */
  private int train(String... options) {
    List<String> args =
        new ArrayList<>(
            List.of("train", "--console", url, "--dataset", "demo", "--poll", "PT0.01S"));
    args.addAll(List.of(options));
    return run(args.toArray(String[]::new));
  }

  @Test
  void trainSubmitsTheRunAndFollowsItToTheEnd() throws Exception {
    on("POST /api/v1/runs", 202, "{\"runId\":\"run-9\"}");
    on(
        "GET /api/v1/runs/run-9",
        200,
        "{\"runId\":\"run-9\",\"status\":\"running\",\"epochs\":2,"
            + "\"progress\":{\"epoch\":1,\"batch\":16,\"batches\":32,\"imagesPerSecond\":600.4,\"etaSeconds\":75}}",
        "{\"runId\":\"run-9\",\"status\":\"completed\",\"epochs\":2,\"device\":\"cpu()\","
            + "\"bestValAccuracy\":0.95,\"testAccuracy\":0.944,\"durationSeconds\":75.2,"
            + "\"history\":[{\"epoch\":1,\"loss\":1.5,\"accuracy\":0.5,\"valLoss\":1.0,\"valAccuracy\":0.81,\"seconds\":30.0},"
            + "{\"epoch\":2,\"loss\":0.5,\"accuracy\":0.9,\"valLoss\":0.3,\"valAccuracy\":0.95,\"seconds\":31.5}]}");

    int exit =
        run(
            "train",
            "--console",
            url,
            "--dataset",
            "demo",
            "--epochs",
            "2",
            "--batch-size",
            "64",
            "--poll",
            "PT0.01S",
            "--progress",
            "bar");

    assertThat(exit).isEqualTo(0);
    JsonNode sent = JSON.readTree(requests.get(0).substring(requests.get(0).indexOf('{')));
    assertThat(requests.get(0)).startsWith("POST /api/v1/runs application/json ");
    assertThat(sent)
        .isEqualTo(
            JSON.readTree(
                "{\"datasetId\":\"demo\",\"architecture\":\"alexnet-mini\",\"hyperparameters\":{\"epochs\":2,\"batchSize\":64}}"));
    assertThat(out.toString())
        .contains("run run-9 submitted")
        .contains("[######..................]  25%  epoch 1/2  batch 16/32  600 img/s  ETA 1m15s")
        .contains(
            "epoch 1/2: loss 1.5000, accuracy 0.5000, val_loss 1.0000, val_accuracy 0.8100 (30.0 s)")
        .contains(
            "epoch 2/2: loss 0.5000, accuracy 0.9000, val_loss 0.3000, val_accuracy 0.9500 (31.5 s)")
        .contains(
            "run run-9 completed: best val accuracy 95.00%, test accuracy 94.40%, 1m15s on cpu()");
  }

  private static final String EPOCH_1 =
      "{\"epoch\":1,\"loss\":1.5,\"accuracy\":0.5,\"valLoss\":1.0,\"valAccuracy\":0.81,\"seconds\":30.0}";
  private static final String EPOCH_2 =
      "{\"epoch\":2,\"loss\":0.5,\"accuracy\":0.9,\"valLoss\":0.3,\"valAccuracy\":0.95,\"seconds\":31.5}";
  private static final String TRAINED =
      "{\"runId\":\"run-9\",\"status\":\"completed\",\"epochs\":2,\"device\":\"cpu()\","
          + "\"bestValAccuracy\":0.95,\"durationSeconds\":75.2,\"history\":["
          + EPOCH_1
          + ","
          + EPOCH_2
          + "]";

  @Test
  void outsideATerminalTrainPrintsOneLinePerEpochAndEndsWithTheTestAccuracy() {
    on("POST /api/v1/runs", 202, "{\"runId\":\"run-9\"}");
    on(
        "GET /api/v1/runs/run-9",
        200,
        "{\"runId\":\"run-9\",\"status\":\"running\",\"epochs\":2,"
            + "\"progress\":{\"epoch\":1,\"batch\":16,\"batches\":32,\"imagesPerSecond\":600.4,\"etaSeconds\":75}}",
        "{\"runId\":\"run-9\",\"status\":\"running\",\"epochs\":2,\"history\":["
            + EPOCH_1
            + "],\"progress\":{\"epoch\":2,\"batch\":3,\"batches\":32,\"imagesPerSecond\":600.4,\"etaSeconds\":40}}",
        TRAINED + "}",
        TRAINED + "}",
        TRAINED + ",\"testAccuracy\":0.944,\"evaluationFailure\":null}");

    // the surefire JVM has no console: the default is the log's format
    int exit = train();

    assertThat(exit).isEqualTo(0);
    assertThat(out.toString())
        .isEqualTo(
            String.join(
                "\n",
                "run run-9 submitted",
                "  epoch 1/2: loss 1.5000, accuracy 0.5000, val_loss 1.0000, val_accuracy 0.8100 (30.0 s)",
                "  epoch 2/2: loss 0.5000, accuracy 0.9000, val_loss 0.3000, val_accuracy 0.9500 (31.5 s)",
                "run run-9 trained; evaluating on the test split",
                "run run-9 completed: best val accuracy 95.00%, test accuracy 94.40%, 1m15s on cpu()",
                ""));
    // it waited for evaluation-completed: the answers until the test accuracy were all asked for
    assertThat(requests.stream().filter(r -> r.startsWith("GET /api/v1/runs/run-9"))).hasSize(5);
  }

  @Test
  void trainWithoutWaitingForTheEvaluationEndsWhenTrainingDoes() {
    on("POST /api/v1/runs", 202, "{\"runId\":\"run-9\"}");
    on("GET /api/v1/runs/run-9", 200, TRAINED + "}");

    int exit = train("--progress", "epochs", "--no-wait-evaluation");

    assertThat(exit).isEqualTo(0);
    assertThat(out.toString())
        .endsWith(
            "run run-9 completed: best val accuracy 95.00%, test accuracy -, 1m15s on cpu()\n")
        .doesNotContain("\r");
    assertThat(requests.stream().filter(r -> r.startsWith("GET /api/v1/runs/run-9"))).hasSize(1);
  }

  @Test
  void aFailedEvaluationEndsTrainWithItsReason() {
    on("POST /api/v1/runs", 202, "{\"runId\":\"run-9\"}");
    on(
        "GET /api/v1/runs/run-9",
        200,
        TRAINED + ",\"evaluationFailure\":\"checkpoint runs/run-9/x is torn\"}");

    assertThat(train()).isEqualTo(1);
    assertThat(err.toString().trim())
        .isEqualTo(
            "stride train: run run-9 completed but its evaluation failed: checkpoint runs/run-9/x is torn");
  }

  @Test
  void betweenProgressEventsTheBarMovesOnAtTheMeasuredSpeed() throws Exception {
    JsonNode run =
        JSON.readTree(
            "{\"status\":\"running\",\"epochs\":2,\"hyperparameters\":{\"batchSize\":50},"
                + "\"progress\":{\"epoch\":1,\"batch\":10,\"batches\":32,\"imagesPerSecond\":600.0,\"etaSeconds\":75}}");

    assertThat(TrainCommand.progressLine(run, 0))
        .contains("epoch 1/2  batch 10/32  600 img/s  ETA 1m15s");
    // 1 s at 600 img/s of 50 images: 12 batches on; 2.5 s: 30, capped at the epoch's 32
    assertThat(TrainCommand.progressLine(run, 1.0))
        .contains("epoch 1/2  batch 22/32  600 img/s  ETA 1m14s");
    assertThat(TrainCommand.progressLine(run, 2.5)).contains("batch 32/32");
  }

  @Test
  void rollbackAsksTheEvaluatorWithTheKeyAndSaysWhatIsServed() {
    on(
        "POST /api/v1/models/cifar10/rollback?to=run-40",
        200,
        "{\"modelName\":\"cifar10\",\"runId\":\"run-40\",\"testAccuracy\":0.71,"
            + "\"previousRunId\":\"run-42\",\"reason\":\"rollback\"}");

    int exit = run("rollback", "--evaluator", url, "--to", "run-40", "--api-key", "k3y");

    assertThat(exit).isZero();
    assertThat(requests)
        .containsExactly("POST /api/v1/models/cifar10/rollback?to=run-40 application/json ");
    assertThat(authorizations).containsExactly("Bearer k3y");
    assertThat(out.toString().trim())
        .isEqualTo("cifar10 now serves run run-40 (test accuracy 71.00%), in place of run-42");
  }

  @Test
  void rollbackPastTheOldestEntrySaysWhy() {
    on(
        "POST /api/v1/models/m/rollback",
        409,
        "{\"error\":\"m has no earlier entry to roll back to: run a is the oldest\"}");

    assertThat(run("rollback", "--evaluator", url, "--model", "m")).isEqualTo(1);
    assertThat(err.toString().trim())
        .isEqualTo(
            "stride rollback: POST /api/v1/models/m/rollback → 409: m has no earlier entry to roll back to: run a is the oldest");
    assertThat(authorizations).containsExactly("null");
  }

  @Test
  void trainSaysWhyARunIsRefusedOrFails() {
    on(
        "POST /api/v1/runs",
        400,
        "{\"error\":\"hyperparameters.batchSize must be positive, got -1\"}");
    assertThat(run("train", "--console", url, "--dataset", "demo", "--batch-size", "-1"))
        .isEqualTo(1);
    assertThat(err.toString().trim())
        .isEqualTo(
            "stride train: POST /api/v1/runs → 400: hyperparameters.batchSize must be positive, got -1");

    on("POST /api/v1/runs", 202, "{\"runId\":\"run-f\"}");
    answers.get("POST /api/v1/runs").poll();
    on(
        "GET /api/v1/runs/run-f",
        200,
        "{\"runId\":\"run-f\",\"status\":\"failed\",\"failureReason\":\"no dataset 'x'\"}");
    assertThat(run("train", "--console", url, "--dataset", "x", "--poll", "PT0.01S")).isEqualTo(1);
    assertThat(err.toString()).contains("stride train: run run-f failed: no dataset 'x'");
  }

  @Test
  void runsPrintsATable() {
    on(
        "GET /api/v1/runs",
        200,
        "[{\"runId\":\"run-2\",\"status\":\"running\",\"architecture\":\"resnet-20\",\"datasetId\":\"demo\",\"device\":\"gpu(0)\"},"
            + "{\"runId\":\"run-1\",\"status\":\"completed\",\"architecture\":\"alexnet-mini\",\"datasetId\":\"demo\","
            + "\"bestValAccuracy\":0.9512,\"testAccuracy\":0.944,\"device\":\"cpu()\",\"durationSeconds\":3725}]");

    assertThat(run("runs", "--console", url)).isEqualTo(0);
    assertThat(out.toString().lines().toList())
        .containsExactly(
            "RUN                    STATUS     ARCHITECTURE     DATASET         BEST VAL      TEST DEVICE        TIME",
            "run-2                  running    resnet-20        demo                   -         - gpu(0)           -",
            "run-1                  completed  alexnet-mini     demo              95.12%    94.40% cpu()     1h02m05s");
  }

  @Test
  void predictSendsEachPictureAndPrintsItsTopClasses(@TempDir Path dir) throws Exception {
    Path picture = Files.write(dir.resolve("cat.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G'});
    on(
        "POST /api/v1/predict?top=2",
        200,
        "{\"model\":\"cifar10\",\"runId\":\"run-1\",\"predictions\":[{\"label\":\"cat\",\"probability\":0.7,"
            + "\"top\":[{\"label\":\"cat\",\"probability\":0.7},{\"label\":\"dog\",\"probability\":0.2}]}]}");

    int exit =
        run(
            "predict",
            "--predictor",
            url,
            "--top",
            "2",
            picture.toString(),
            dir.resolve("nope.png").toString());

    assertThat(exit).isEqualTo(1);
    assertThat(out.toString().trim())
        .isEqualTo("cat.png:  cat 70.0%  dog 20.0%   (model cifar10, run run-1)");
    assertThat(err.toString().trim())
        .isEqualTo("stride predict: no such file: " + dir.resolve("nope.png"));
    assertThat(requests).hasSize(1);
    assertThat(requests.get(0)).startsWith("POST /api/v1/predict?top=2 application/octet-stream");
  }

  @Test
  void ingestRequestsSyntheticDataAndWaitsForIt() throws Exception {
    on("POST /api/v1/datasets", 202, "{\"datasetId\":\"demo\"}");
    on(
        "GET /api/v1/datasets/demo",
        200,
        "{\"datasetId\":\"demo\",\"status\":\"ingesting\",\"progress\":{\"phase\":\"reading\",\"percent\":50.0}}",
        "{\"datasetId\":\"demo\",\"status\":\"ingested\",\"manifest\":{\"classNames\":[\"a\",\"b\"],"
            + "\"splits\":{\"train\":{\"images\":2000},\"validation\":{\"images\":400},\"test\":{\"images\":400}}}}");

    assertThat(
            run("ingest", "--ingestion", url, "--id", "demo", "--synthetic", "2000", "--seed", "7"))
        .isEqualTo(0);
    JsonNode sent = JSON.readTree(requests.get(0).substring(requests.get(0).indexOf('{')));
    assertThat(sent)
        .isEqualTo(
            JSON.readTree(
                "{\"datasetId\":\"demo\",\"source\":{\"synthetic\":{\"train\":2000,\"validation\":400,\"test\":400,\"seed\":7}}}"));
    assertThat(out.toString())
        .contains("dataset demo accepted")
        .contains("  reading  50.0%")
        .contains("dataset demo ingested: 2000 train, 400 validation, 400 test, 2 classes");
  }

  @Test
  void aServiceThatIsNotUpIsNamed() {
    assertThat(run("runs", "--console", "http://127.0.0.1:1")).isEqualTo(1);
    assertThat(err.toString().trim())
        .isEqualTo("stride runs: cannot reach http://127.0.0.1:1; is Stride up? (bin/stride up)");
  }

  @Test
  void everyVerbExplainsItself() {
    for (String verb : List.of("ingest", "train", "runs", "predict", "rollback")) {
      StringWriter help = new StringWriter();
      int exit =
          new CommandLine(new StrideCli())
              .setOut(new PrintWriter(help, true))
              .execute(verb, "--help");
      assertThat(exit).isZero();
      assertThat(help.toString()).startsWith("Usage: stride " + verb);
    }
  }
}
