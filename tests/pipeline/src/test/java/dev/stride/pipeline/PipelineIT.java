package dev.stride.pipeline;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import dev.stride.data.SyntheticCifar;
import dev.stride.data.image.Images;
import dev.stride.devstack.EventTap;
import dev.stride.devstack.stack.LocalStack;
import dev.stride.devstack.stack.Service;
import dev.stride.messaging.CloudEventsKafka;
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
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
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
  private static final String TRACEPARENT = "traceparent";

  private static LocalStack stack;
  private static EventTap tap;
  private static ObjectStore store;
  private static OtlpReceiver traces;

  @BeforeAll
  static void startStack() throws Exception {
    Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "pipeline-");
    // tracing on, as an operator would switch it on, exporting to a collector stand-in
    traces = OtlpReceiver.start();
    Map<String, String> tracing =
        Map.of(
            "OTEL_SDK_DISABLED", "false",
            "OTEL_EXPORTER_OTLP_ENDPOINT", traces.endpoint(),
            "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf",
            "QUARKUS_OTEL_BSP_SCHEDULE_DELAY", "200ms");
    stack =
        LocalStack.start(
            dir, true, Map.of(), tracing, new PrintStream(OutputStream.nullOutputStream()));
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
    if (traces != null) {
      traces.close();
    }
    // the launcher leaves no process behind
    assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)).isEmpty();
  }

  @Test
  void ingestTrainEvaluatePromotePredict(@org.junit.jupiter.api.io.TempDir Path work)
      throws Exception {
    // 1. ingest over REST
    // each request comes from a caller in a trace of its own, as W3C traceparent says
    Traceparent ingestCall = Traceparent.random();
    Traceparent runRequest = Traceparent.random();
    Traceparent predictCall = Traceparent.random();
    HttpResponse<String> accepted =
        post(
            stack.url(Service.INGESTION) + "/api/v1/datasets",
            "application/json",
            "{\"datasetId\":\"pipeline\",\"source\":{\"synthetic\":{\"train\":800,\"validation\":200,\"test\":200,\"seed\":5}}}"
                .getBytes(),
            ingestCall);
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
    ProducerRecord<String, byte[]> request =
        CloudEventsKafka.toRecord(
            new RunRequested(
                RUN,
                "pipeline",
                "alexnet-mini",
                "cifar10",
                new Hyperparameters(2, 32, null, 3L, null)),
            "/pipeline-test");
    request.headers().add(TRACEPARENT, runRequest.header().getBytes(UTF_8));
    tap.send(request);
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

    // every service computes where its *.device setting (auto) puts it, the CPU here, and says so
    assertThat(tap.events(RunStarted.class, RUN).get(0).device()).isEqualTo("cpu()");
    assertThat(evaluated.device()).isEqualTo("cpu()");
    HttpResponse<String> metadata =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(stack.url(Service.PREDICTOR) + "/v2/models/cifar10"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(JSON.readTree(metadata.body()).at("/parameters/device").asText()).isEqualTo("cpu()");

    // 5. traces: each request's spans, from every service it reached, share its trace id
    HttpResponse<String> traced =
        post(stack.url(Service.PREDICTOR) + "/api/v1/predict", "image/png", png, predictCall);
    assertThat(traced.statusCode()).isEqualTo(200);
    assertTrace(
        runRequest,
        List.of(
            "stride-trainer: process training.requests",
            "stride-trainer: dataset load",
            "stride-trainer: epoch",
            "stride-trainer: epoch",
            "stride-trainer: checkpoint write",
            "stride-trainer: checkpoint write",
            "stride-console: process training.requests",
            "stride-console: process training.events",
            "stride-evaluator: process training.events",
            "stride-evaluator: evaluation",
            "stride-evaluator: dataset load",
            "stride-evaluator: checkpoint score",
            "stride-predictor: process evaluation.events",
            "stride-predictor: model install"));
    // the run's every Kafka hop, in every service, is in that one trace
    assertThat(
            traces.spans().stream()
                .filter(span -> RUN.equals(span.attributes().get("messaging.kafka.message.key")))
                .map(OtlpReceiver.ReceivedSpan::traceId)
                .distinct())
        .containsExactly(runRequest.traceId());
    assertThat(
            traces.trace(runRequest.traceId()).stream()
                .filter(span -> span.name().equals("epoch"))
                .map(span -> span.attributes().get("stride.epoch"))
                .sorted())
        .containsExactly("1", "2");
    assertTrace(
        ingestCall,
        List.of(
            "stride-ingestion: POST /api/v1/datasets",
            "stride-ingestion: process dataset.requests",
            "stride-ingestion: dataset ingest",
            "stride-ingestion: dataset read"));
    assertTrace(
        predictCall,
        List.of("stride-predictor: POST /api/v1/predict", "stride-predictor: inference"));
    assertThat(
            traces.trace(predictCall.traceId()).stream()
                .filter(span -> span.name().equals("inference"))
                .map(span -> span.attributes().get("stride.run_id")))
        .containsExactly(RUN);
    assertThat(traces.refused()).isEmpty();
    for (Traceparent caller : List.of(ingestCall, runRequest, predictCall)) {
      List<OtlpReceiver.ReceivedSpan> trace = traces.trace(caller.traceId());
      System.out.printf(
          "trace %s: %d spans from %s%n",
          caller.traceId(),
          trace.size(),
          trace.stream().map(OtlpReceiver.ReceivedSpan::service).distinct().sorted().toList());
    }
  }

  /**
   * Waits until the trace that {@code caller} started holds at least {@code expected} ("service:
   * span name", repeats counted), then checks that it hangs together: the caller's span is the
   * parent of its first spans and every other span's parent is in the trace.
   */
  private static void assertTrace(Traceparent caller, List<String> expected) {
    traces.await(
        spans ->
            containsAll(names(traces.trace(caller.traceId())), expected)
                && orphans(caller).isEmpty(),
        Duration.ofSeconds(60));
    List<OtlpReceiver.ReceivedSpan> trace = traces.trace(caller.traceId());
    assertThat(names(trace)).as("spans of trace %s", caller.traceId()).containsAll(expected);
    assertThat(containsAll(names(trace), expected))
        .as("%s holds %s, repeats counted", names(trace), expected)
        .isTrue();
    assertThat(orphans(caller)).as("spans whose parent is not in the trace").isEmpty();
    assertThat(trace).anyMatch(span -> span.parentSpanId().equals(caller.spanId()));
  }

  private static List<String> names(List<OtlpReceiver.ReceivedSpan> spans) {
    return spans.stream().map(span -> span.service() + ": " + span.name()).sorted().toList();
  }

  private static boolean containsAll(List<String> names, List<String> expected) {
    List<String> left = new java.util.ArrayList<>(names);
    return expected.stream().allMatch(left::remove);
  }

  private static List<OtlpReceiver.ReceivedSpan> orphans(Traceparent caller) {
    List<OtlpReceiver.ReceivedSpan> trace = traces.trace(caller.traceId());
    java.util.Set<String> ids =
        trace.stream()
            .map(OtlpReceiver.ReceivedSpan::spanId)
            .collect(java.util.stream.Collectors.toSet());
    return trace.stream()
        .filter(
            span ->
                !span.parentSpanId().equals(caller.spanId()) && !ids.contains(span.parentSpanId()))
        .toList();
  }

  /** A caller's span context, as it would send it. */
  private record Traceparent(String traceId, String spanId) {
    static Traceparent random() {
      java.security.SecureRandom random = new java.security.SecureRandom();
      byte[] trace = new byte[16];
      byte[] span = new byte[8];
      random.nextBytes(trace);
      random.nextBytes(span);
      return new Traceparent(HexFormat.of().formatHex(trace), HexFormat.of().formatHex(span));
    }

    String header() {
      return "00-" + traceId + "-" + spanId + "-01";
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
    return post(url, contentType, body, null);
  }

  private static HttpResponse<String> post(
      String url, String contentType, byte[] body, Traceparent caller) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (caller != null) {
      request.header(TRACEPARENT, caller.header());
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
