package dev.stride.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stride.cli.stack.LocalStack;
import dev.stride.cli.stack.Service;
import dev.stride.contracts.ObjectKeys;
import dev.stride.contracts.Topics;
import dev.stride.contracts.events.CheckpointSaved;
import dev.stride.contracts.events.DatasetIngested;
import dev.stride.contracts.events.Envelope;
import dev.stride.contracts.events.EpochCompleted;
import dev.stride.contracts.events.EvaluationCompleted;
import dev.stride.contracts.events.Hyperparameters;
import dev.stride.contracts.events.ModelPromoted;
import dev.stride.contracts.events.RunCompleted;
import dev.stride.contracts.events.RunRequested;
import dev.stride.contracts.events.RunStarted;
import dev.stride.contracts.objects.DatasetManifest;
import dev.stride.contracts.objects.EvaluationReport;
import dev.stride.contracts.objects.ModelPointer;
import dev.stride.contracts.objects.RunHistory;
import dev.stride.data.ImageSet;
import dev.stride.data.Images;
import dev.stride.data.SyntheticCifar;
import dev.stride.devstack.EventTap;
import dev.stride.nn.Classifier;
import dev.stride.storage.CheckpointStore;
import dev.stride.storage.DatasetReader;
import dev.stride.storage.ObjectInfo;
import dev.stride.storage.ObjectStore;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole chain, each service a separate process, wired only through the real Kafka broker and
 * the real S3 server: ingest → train → evaluate → promote → predict.
 */
class PipelineIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Duration WAIT = Duration.ofMinutes(5);
  private static final String RUN = "pipeline-run";

  private static LocalStack stack;
  private static EventTap tap;
  private static ObjectStore store;

  @BeforeAll
  static void startStack() throws Exception {
    Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "pipeline-");
    stack = LocalStack.start(dir, true, Map.of(), new PrintStream(OutputStream.nullOutputStream()));
    tap =
        EventTap.open(
            stack.kafkaBootstrapServers(),
            List.of(Topics.DATASET_EVENTS, Topics.TRAINING_EVENTS, Topics.EVALUATION_EVENTS));
    store = ObjectStore.connect(stack.store());
  }

  @AfterAll
  static void stopStack() {
    if (tap != null) {
      tap.close();
    }
    if (stack != null) {
      stack.close();
    }
    // the launcher leaves no process behind
    assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)).isEmpty();
  }

  @Test
  void ingestTrainEvaluatePromotePredict(@org.junit.jupiter.api.io.TempDir Path work)
      throws Exception {
    // 1. ingest over REST
    HttpResponse<String> accepted =
        post(
            stack.url(Service.INGESTION) + "/api/v1/datasets",
            "application/json",
            "{\"datasetId\":\"pipeline\",\"source\":{\"synthetic\":{\"train\":800,\"validation\":200,\"test\":200,\"seed\":5}}}"
                .getBytes());
    assertThat(accepted.statusCode()).isEqualTo(202);
    DatasetIngested ingested =
        tap.await(DatasetIngested.class, e -> e.datasetId().equals("pipeline"), WAIT);
    assertThat(List.of(ingested.train(), ingested.validation(), ingested.test()))
        .containsExactly(800, 200, 200);
    assertThat(store.list("datasets/pipeline/"))
        .extracting(ObjectInfo::key)
        .containsExactly(
            "datasets/pipeline/manifest.json",
            "datasets/pipeline/preview/samples.png",
            "datasets/pipeline/test/shard-00000.bin",
            "datasets/pipeline/train/shard-00000.bin",
            "datasets/pipeline/validation/shard-00000.bin");

    // 2. train: a request on training.requests, as any producer would send it
    tap.publish(
        new RunRequested(
            RUN, "pipeline", "alexnet-mini", "cifar10", new Hyperparameters(2, 32, null, 3L, null)),
        "/pipeline-test");
    RunCompleted completed = tap.await(RunCompleted.class, e -> e.runId().equals(RUN), WAIT);

    List<String> runEvents =
        tap.events().stream()
            .filter(e -> RUN.equals(e.key()) && e.type().startsWith("dev.stride.training."))
            .map(Envelope::type)
            .filter(type -> !type.endsWith("run-progressed.v1"))
            .toList();
    assertThat(runEvents)
        .containsExactly(
            "dev.stride.training.run-started.v1",
            "dev.stride.training.epoch-completed.v1",
            "dev.stride.training.checkpoint-saved.v1",
            "dev.stride.training.epoch-completed.v1",
            "dev.stride.training.checkpoint-saved.v1",
            "dev.stride.training.run-completed.v1");
    assertThat(tap.events(RunStarted.class, RUN).get(0).parameterCount()).isEqualTo(2_023_370);
    assertThat(tap.events(EpochCompleted.class, RUN))
        .extracting(EpochCompleted::epoch)
        .containsExactly(1, 2);
    assertThat(tap.events(CheckpointSaved.class, RUN)).hasSize(2);
    RunHistory history = store.getJson(ObjectKeys.runHistory(RUN), RunHistory.class);
    assertThat(history.status()).isEqualTo("completed");
    assertThat(history.epochs()).hasSize(2);
    assertThat(store.exists(ObjectKeys.runSpec(RUN))).isTrue();
    assertThat(store.exists(ObjectKeys.latestCheckpoint(RUN))).isTrue();

    // 3. evaluation and promotion
    EvaluationCompleted evaluated =
        tap.await(EvaluationCompleted.class, e -> e.runId().equals(RUN), WAIT);
    ModelPromoted promoted = tap.await(ModelPromoted.class, e -> e.runId().equals(RUN), WAIT);
    EvaluationReport.CheckpointEvaluation report =
        store.getJson(ObjectKeys.evaluationReport(RUN), EvaluationReport.class).candidate();
    assertThat(report.examples()).isEqualTo(200);
    assertThat(report.accuracy()).isEqualTo(evaluated.testAccuracy());
    // well above the 0.1 of guessing: the chain trained something real
    assertThat(report.accuracy()).isGreaterThan(0.5);
    // the best checkpoint by validation is the one offered, and served
    assertThat(promoted.checkpointKey()).isEqualTo(completed.bestCheckpointKey());
    assertThat(store.getJson(ObjectKeys.currentModel("cifar10"), ModelPointer.class).runId())
        .isEqualTo(RUN);

    // 4. predict over REST, once the predictor has swapped the model in
    DatasetReader datasets = new DatasetReader(store);
    DatasetManifest manifest = datasets.manifest("pipeline");
    ImageSet test = datasets.split(manifest, DatasetManifest.TEST);
    byte[] png = Images.toPng(test.image(7), 1);
    JsonNode answer = awaitPrediction(png);

    assertThat(answer.get("model").asText()).isEqualTo("cifar10");
    JsonNode probabilities = answer.get("predictions").get(0).get("probabilities");
    assertThat(probabilities.size()).isEqualTo(10);
    // the served model answers exactly as the promoted checkpoint does when loaded here
    CheckpointStore.Fetched checkpoint =
        new CheckpointStore(store).fetch(promoted.checkpointKey(), work);
    try (Classifier local =
        Classifier.load("alexnet-mini", 10, checkpoint.parameters(), Device.cpu())) {
      float[] expected = local.probabilities(test.image(7), 1)[0];
      for (int k = 0; k < 10; k++) {
        assertThat(probabilities.get(SyntheticCifar.CLASS_NAMES.get(k)).asDouble())
            .isCloseTo(expected[k], org.assertj.core.data.Offset.offset(1e-5));
      }
    }
  }

  private static JsonNode awaitPrediction(byte[] png) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      HttpResponse<String> response =
          post(stack.url(Service.PREDICTOR) + "/api/v1/predict", "image/png", png);
      JsonNode body = JSON.readTree(response.body());
      if (response.statusCode() == 200 && RUN.equals(body.get("runId").asText())) {
        return body;
      }
      assertThat(System.nanoTime())
          .as("predictor serving %s; last answer %s", RUN, response.body())
          .isLessThan(deadline);
      Thread.onSpinWait();
      java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(250).toNanos());
    }
  }

  private static HttpResponse<String> post(String url, String contentType, byte[] body)
      throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
