package dev.stride.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stride.contracts.Topics;
import dev.stride.contracts.events.DatasetIngestRequested;
import dev.stride.contracts.events.DatasetIngested;
import dev.stride.contracts.events.DatasetProgressed;
import dev.stride.contracts.events.DatasetSource;
import dev.stride.contracts.events.EvaluationCompleted;
import dev.stride.contracts.events.Hyperparameters;
import dev.stride.contracts.events.ModelPromoted;
import dev.stride.contracts.events.RunCompleted;
import dev.stride.contracts.events.RunRequested;
import dev.stride.contracts.events.SyntheticSpec;
import dev.stride.contracts.objects.DatasetManifest;
import dev.stride.data.ImageSet;
import dev.stride.data.SyntheticCifar;
import dev.stride.data.image.Images;
import dev.stride.devstack.EventTap;
import dev.stride.devstack.LoggedProcess;
import dev.stride.devstack.stack.LocalStack;
import dev.stride.devstack.stack.Service;
import dev.stride.storage.ObjectInfo;
import dev.stride.storage.ObjectStore;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * SIGTERM to each service of the whole local stack while it works: what it holds finishes or is
 * redone by a new replica, nothing is lost or announced half-done, and the process exits on its own
 * (143, not SIGKILL's 137) within the grace period the deployments give it (30 s, see deploy/ and
 * docker-compose.yml).
 *
 * <p>The tests run in order on one stack: the dataset ingested first is trained on, the run's
 * evaluation promotes the model the predictor then serves, and the console's registry holds all of
 * it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SigtermIT {

  private static final Duration WAIT = Duration.ofMinutes(4);
  private static final Duration GRACE = Duration.ofSeconds(30);
  private static final String DATASET = "sigterm";
  private static final String RUN = "run-sigterm-eval";
  private static final SyntheticSpec SPEC = new SyntheticSpec(12000, 2000, 2000, 4L);
  private static final int RECORD_BYTES = 1 + 3 * 32 * 32;
  // 128 + 15: a JVM that ran its shutdown to the end after SIGTERM (Quarkus installs no signal
  // handler of its own in JVM mode, so not 0); 137 would mean SIGKILL once the grace was over
  private static final int EXITED_ON_SIGTERM = 143;

  private static LocalStack stack;
  private static EventTap tap;
  private static ObjectStore store;
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeAll
  static void startStack() throws Exception {
    Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "sigterm-");
    stack =
        LocalStack.start(
            dir,
            true,
            Map.of(),
            Map.of(
                // many small shards, so an ingest is long enough to be caught in the middle
                "INGESTION_SHARD_IMAGES", "500",
                // a prediction waits up to 5 s for companions, so requests are in flight at SIGTERM
                "PREDICTOR_BATCHING_MAX_DELAY", "PT5S",
                "PREDICTOR_BATCHING_MAX_BATCH_SIZE", "64"),
            new PrintStream(OutputStream.nullOutputStream()));
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
  }

  /** What a stop showed: its exit code and how long the process took to exit after SIGTERM. */
  record Stopped(int exitCode, Duration took) {}

  @Test
  @Order(1)
  void ingestionStoppedMidIngestAnnouncesOnlyACompleteDataset() {
    tap.publish(
        new DatasetIngestRequested(DATASET, DatasetSource.ofSynthetic(SPEC)), "/sigterm-test");
    tap.await(
        DatasetProgressed.class,
        e -> e.datasetId().equals(DATASET) && DatasetProgressed.WRITING.equals(e.phase()),
        WAIT);
    boolean announcedBefore = !tap.events(DatasetIngested.class, DATASET).isEmpty();

    Stopped stopped = sigterm(only(Service.INGESTION));
    boolean announcedByFirst = !tap.events(DatasetIngested.class, DATASET).isEmpty();
    // whatever the first one did not announce, a new replica redoes from the uncommitted offset
    stack.startReplica(Service.INGESTION);
    tap.await(DatasetIngested.class, e -> e.datasetId().equals(DATASET), WAIT);

    List<DatasetIngested> announced = tap.events(DatasetIngested.class, DATASET);
    System.out.printf(
        "FIGURES sigterm ingestion in-flight=1 completed-by-first=%d announcements=%d exit=%d"
            + " seconds=%.1f%n",
        announcedByFirst ? 1 : 0,
        announced.size(),
        stopped.exitCode(),
        stopped.took().toMillis() / 1000.0);
    assertThat(announcedBefore).as("the ingest was still running at SIGTERM").isFalse();
    assertThat(stopped.exitCode()).isEqualTo(EXITED_ON_SIGTERM);
    assertThat(stopped.took()).isLessThan(GRACE);
    for (DatasetIngested event : announced) {
      DatasetManifest manifest = store.getJson(event.manifestKey(), DatasetManifest.class);
      assertThat(manifest.splits().get("train").images()).isEqualTo(SPEC.train());
      assertThat(manifest.splits().get("validation").images()).isEqualTo(SPEC.validation());
      assertThat(manifest.splits().get("test").images()).isEqualTo(SPEC.test());
      // every shard the manifest names is there, whole
      manifest
          .splits()
          .forEach(
              (name, split) ->
                  assertThat(split.shards().stream().mapToLong(SigtermIT::size).sum())
                      .as("bytes of the %s shards", name)
                      .isEqualTo((long) split.images() * RECORD_BYTES));
    }
  }

  @Test
  @Order(2)
  void evaluatorStoppedMidEvaluationStillAnnouncesItExactlyOnce() {
    tap.publish(
        new RunRequested(
            RUN, DATASET, "alexnet-mini", "cifar10", new Hyperparameters(1, 100, null, 5L, 20)),
        "/sigterm-test");
    tap.await(RunCompleted.class, e -> e.runId().equals(RUN), WAIT);

    // the evaluator has the run as soon as it completes; stop it at once
    Stopped stopped = sigterm(only(Service.EVALUATOR));
    int completedByFirst = tap.events(EvaluationCompleted.class, RUN).size();
    stack.startReplica(Service.EVALUATOR);
    tap.await(EvaluationCompleted.class, e -> e.runId().equals(RUN), WAIT);
    // and its promotion (the first model under its name) is not lost either
    tap.await(ModelPromoted.class, e -> e.runId().equals(RUN), WAIT);
    // counted once the stack is quiet: no consumer has a record left that could evaluate it again
    tap.awaitQuiet(Duration.ofMinutes(2));
    assertThat(tap.events(EvaluationCompleted.class, RUN)).hasSize(1);

    System.out.printf(
        "FIGURES sigterm evaluator in-flight=1 completed-by-first=%d evaluations=%d exit=%d"
            + " seconds=%.1f%n",
        completedByFirst,
        tap.events(EvaluationCompleted.class, RUN).size(),
        stopped.exitCode(),
        stopped.took().toMillis() / 1000.0);
    assertThat(stopped.exitCode()).isEqualTo(EXITED_ON_SIGTERM);
    assertThat(stopped.took()).isLessThan(GRACE);
  }

  @Test
  @Order(3)
  void predictorStoppedWithRequestsInFlightAnswersThemAllAndTakesNoNewOnes() throws Exception {
    tap.await(ModelPromoted.class, e -> e.runId().equals(RUN), WAIT);
    LoggedProcess predictor = only(Service.PREDICTOR);
    String url = stack.url(predictor);
    Awaitility.await()
        .atMost(WAIT)
        .until(() -> status(HttpRequest.newBuilder(URI.create(url + "/q/health/ready"))) == 200);

    // 12 pictures wait for companions (a batch runs after 5 s or at 64)
    ImageSet pictures = SyntheticCifar.generate(12, 8);
    List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
    for (int i = 0; i < pictures.size(); i++) {
      inFlight.add(
          HTTP.sendAsync(
              HttpRequest.newBuilder(URI.create(url + "/api/v1/predict"))
                  .timeout(Duration.ofSeconds(60))
                  .header("Content-Type", "image/png")
                  .POST(HttpRequest.BodyPublishers.ofByteArray(Images.toPng(pictures.image(i), 1)))
                  .build(),
              HttpResponse.BodyHandlers.ofString()));
    }
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> metrics(url).contains("stride_predictor_queue_pictures 12.0"));

    long start = System.nanoTime();
    CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> predictor.stop(GRACE));
    // once SIGTERM is in, a new request is not served: refused, or answered 503
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> refusedOr503(url + "/api/v1/models"));
    List<Integer> statuses = new ArrayList<>();
    for (CompletableFuture<HttpResponse<String>> request : inFlight) {
      statuses.add(request.get(60, TimeUnit.SECONDS).statusCode());
    }
    stopping.get(GRACE.toSeconds() + 15, TimeUnit.SECONDS);
    Stopped stopped =
        new Stopped(
            predictor.exitCode().orElseThrow(), Duration.ofNanos(System.nanoTime() - start));

    System.out.printf(
        "FIGURES sigterm predictor in-flight=%d completed=%d exit=%d seconds=%.1f%n",
        inFlight.size(),
        statuses.stream().filter(s -> s == 200).count(),
        stopped.exitCode(),
        stopped.took().toMillis() / 1000.0);
    assertThat(statuses).hasSize(12).containsOnly(200);
    assertThat(stopped.exitCode()).isEqualTo(EXITED_ON_SIGTERM);
    assertThat(stopped.took()).isLessThan(GRACE);
  }

  @Test
  @Order(4)
  void consoleStoppedExitsPromptlyAndANewOneRebuildsTheSameRegistry() throws Exception {
    LoggedProcess console = only(Service.CONSOLE);
    String url = stack.url(console);
    Awaitility.await().atMost(WAIT).until(() -> get(url + "/api/v1/runs").contains(RUN));
    String runs = get(url + "/api/v1/runs");
    String datasets = get(url + "/api/v1/datasets");

    Stopped stopped = sigterm(console);
    String next = stack.url(stack.startReplica(Service.CONSOLE));

    System.out.printf(
        "FIGURES sigterm console in-flight=0 exit=%d seconds=%.1f%n",
        stopped.exitCode(), stopped.took().toMillis() / 1000.0);
    assertThat(stopped.exitCode()).isEqualTo(EXITED_ON_SIGTERM);
    assertThat(stopped.took()).isLessThan(GRACE);
    Awaitility.await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(get(next + "/api/v1/runs")).isEqualTo(runs);
              assertThat(get(next + "/api/v1/datasets")).isEqualTo(datasets);
            });
  }

  /** SIGTERM, then waits up to the grace period (SIGKILL after it). */
  private static Stopped sigterm(LoggedProcess process) {
    long start = System.nanoTime();
    process.stop(GRACE);
    return new Stopped(
        process.exitCode().orElseThrow(), Duration.ofNanos(System.nanoTime() - start));
  }

  private static LoggedProcess only(Service service) {
    List<LoggedProcess> alive =
        stack.replicas(service).stream().filter(LoggedProcess::isAlive).toList();
    assertThat(alive).as("live %s processes", service.id()).hasSize(1);
    return alive.get(0);
  }

  private static long size(String key) {
    return store.stat(key).map(ObjectInfo::size).orElse(-1L);
  }

  private static String metrics(String url) throws Exception {
    return get(url + "/q/metrics");
  }

  private static String get(String url) throws IOException, InterruptedException {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("GET %s", url).isEqualTo(200);
    return response.body();
  }

  private static int status(HttpRequest.Builder request) throws Exception {
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  /** A fresh connection (not one kept alive from before) is refused or answered 503. */
  private static boolean refusedOr503(String url) throws InterruptedException {
    try {
      HttpClient fresh = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      return fresh
              .send(
                  HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                  HttpResponse.BodyHandlers.discarding())
              .statusCode()
          == 503;
    } catch (java.net.ConnectException e) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
