package dev.stride.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stride.contracts.ObjectKeys;
import dev.stride.contracts.Topics;
import dev.stride.contracts.events.CheckpointSaved;
import dev.stride.contracts.events.DatasetIngestRequested;
import dev.stride.contracts.events.DatasetIngested;
import dev.stride.contracts.events.DatasetSource;
import dev.stride.contracts.events.Envelope;
import dev.stride.contracts.events.EpochCompleted;
import dev.stride.contracts.events.Event;
import dev.stride.contracts.events.Hyperparameters;
import dev.stride.contracts.events.RunCompleted;
import dev.stride.contracts.events.RunProgressed;
import dev.stride.contracts.events.RunRequested;
import dev.stride.contracts.events.RunStarted;
import dev.stride.contracts.events.SyntheticSpec;
import dev.stride.contracts.objects.RunHistory;
import dev.stride.devstack.EventTap;
import dev.stride.devstack.LoggedProcess;
import dev.stride.devstack.stack.LocalStack;
import dev.stride.devstack.stack.Service;
import dev.stride.messaging.CloudEventsKafka;
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
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Trainers as separate processes in one consumer group on the real broker, each training up to two
 * runs at once: a worker killed with SIGKILL or stopped with SIGTERM mid-run loses nothing; another
 * continues each of its runs from its newest checkpoint, and each run completes exactly once.
 */
class TrainerFailoverIT {

  private static final Duration WAIT = Duration.ofMinutes(4);
  private static final Duration QUIET = Duration.ofMinutes(2);
  private static final String DATASET = "failover";

  private static LocalStack stack;
  private static EventTap tap;
  private static ObjectStore store;

  @BeforeAll
  static void startStackWithTwoTrainers() throws Exception {
    Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "failover-");
    // a dead worker's partitions move on after 6 s instead of 45
    stack =
        LocalStack.start(
            dir,
            true,
            Map.of(),
            Map.of(
                "TRAINER_SESSION_TIMEOUT",
                "PT6S",
                "TRAINER_PROGRESS_INTERVAL",
                "PT1S",
                "TRAINER_MAX_CONCURRENT_RUNS",
                "2"),
            new PrintStream(OutputStream.nullOutputStream()));
    tap =
        EventTap.open(
            stack.kafkaBootstrapServers(), List.of(Topics.DATASET_EVENTS, Topics.TRAINING_EVENTS));
    store = ObjectStore.connect(stack.store());
    tap.publish(
        new DatasetIngestRequested(
            DATASET, DatasetSource.ofSynthetic(new SyntheticSpec(1600, 320, 100, 9L))),
        "/failover-test");
    tap.await(DatasetIngested.class, e -> e.datasetId().equals(DATASET), WAIT);
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

  @BeforeEach
  void twoLiveTrainers() {
    while (stack.replicas(Service.TRAINER).stream().filter(LoggedProcess::isAlive).count() < 2) {
      stack.startReplica(Service.TRAINER);
    }
  }

  @Test
  void aKilledWorkersTwoRunsAreResumedByAnotherFromTheirCheckpointsAndEachCompletesOnce() {
    // one partition: its owner takes both requests, the second while the first trains
    List<String> runs = List.of("run-killed-a", "run-killed-b");
    runs.forEach(run -> send(request(run, 3, 64), 0));
    RunStarted first = tap.await(RunStarted.class, e -> e.runId().equals(runs.get(0)), WAIT);
    RunStarted second = tap.await(RunStarted.class, e -> e.runId().equals(runs.get(1)), WAIT);
    assertThat(second.worker()).isEqualTo(first.worker());
    assertThat(tap.events(RunCompleted.class, runs.get(0))).isEmpty();
    runs.forEach(run -> tap.await(CheckpointSaved.class, e -> e.runId().equals(run), WAIT));

    worker(first).kill();

    for (String run : runs) {
      RunCompleted completed = tap.await(RunCompleted.class, e -> e.runId().equals(run), WAIT);
      List<RunStarted> starts = tap.events(RunStarted.class, run);
      assertThat(starts).hasSize(2);
      RunStarted resumed = starts.get(1);
      assertThat(resumed.worker()).isNotEqualTo(first.worker());
      assertThat(resumed.startEpoch()).isGreaterThanOrEqualTo(2);
      assertThat(resumed.resumedFrom()).startsWith("runs/" + run + "/checkpoints/epoch-");
      assertThat(completed.finalEpoch()).isEqualTo(3);
      RunHistory history = store.getJson(ObjectKeys.runHistory(run), RunHistory.class);
      assertThat(history.epochs()).extracting(EpochCompleted::epoch).containsExactly(1, 2, 3);
    }
    runs.forEach(TrainerFailoverIT::assertExactlyOneCompletion);
  }

  @Test
  void aWorkerStoppedWithSigtermCheckpointsEachRunMidEpochAndTheOtherContinuesThere()
      throws Exception {
    List<String> runs = List.of("run-sigterm-a", "run-sigterm-b");
    runs.forEach(run -> send(request(run, 3, 16), 1));
    RunStarted first = tap.await(RunStarted.class, e -> e.runId().equals(runs.get(0)), WAIT);
    tap.await(RunStarted.class, e -> e.runId().equals(runs.get(1)), WAIT);
    LoggedProcess worker = worker(first);
    // a worker joining mid-run takes none of them: no second start, and the worker stays live
    stack.startReplica(Service.TRAINER);
    runs.forEach(run -> assertThat(tap.events(RunStarted.class, run)).hasSize(1));
    assertThat(liveness(worker)).isEqualTo(200);

    // the stop is sent while fresh progress shows both runs early in an epoch after the first,
    // so it lands mid-epoch however long the replica took to start (it took a whole epoch once)
    awaitBothEarlyInALaterEpoch(runs);
    int stoppedAt = tap.events().size();
    worker.stop(Duration.ofSeconds(60));

    for (String run : runs) {
      RunCompleted completed = tap.await(RunCompleted.class, e -> e.runId().equals(run), WAIT);
      CheckpointSaved onStop =
          since(stoppedAt, CheckpointSaved.class, run).stream()
              .findFirst()
              .orElseThrow(() -> new AssertionError("no checkpoint of " + run + " after the stop"));
      assertThat(onStop.checkpointKey()).contains("-batch-");
      List<RunStarted> starts = tap.events(RunStarted.class, run);
      assertThat(starts).hasSize(2);
      RunStarted second = starts.get(1);
      assertThat(second.worker()).isNotEqualTo(first.worker());
      assertThat(second.startEpoch()).isEqualTo(onStop.epoch());
      assertThat(second.resumedFrom()).isEqualTo(onStop.checkpointKey());
      assertThat(completed.finalEpoch()).isEqualTo(3);
    }
    runs.forEach(TrainerFailoverIT::assertExactlyOneCompletion);
  }

  /**
   * Waits until the newest progress of each run, sent after this call began, is in epoch 2 or later
   * and within the first 40% of its batches.
   */
  private static void awaitBothEarlyInALaterEpoch(List<String> runs) throws InterruptedException {
    int from = tap.events().size();
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      boolean early =
          runs.stream()
              .map(run -> since(from, RunProgressed.class, run))
              .allMatch(
                  progress ->
                      !progress.isEmpty()
                          && isEarlyInALaterEpoch(progress.get(progress.size() - 1)));
      if (early) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("never both early in a later epoch; seen: " + tap.events());
  }

  private static boolean isEarlyInALaterEpoch(RunProgressed progress) {
    return progress.epoch() >= 2 && progress.batch() * 5 <= progress.batches() * 2;
  }

  /** The events of one type about one run that the tap saw at or after position {@code from}. */
  private static <T extends Event> List<T> since(int from, Class<T> type, String run) {
    List<Envelope> events = tap.events();
    return events.subList(from, events.size()).stream()
        .filter(e -> run.equals(e.key()) && type.isInstance(e.data()))
        .map(e -> type.cast(e.data()))
        .toList();
  }

  /**
   * Counted once the stack is quiet: no consumer has a record left that could complete it again.
   */
  private static void assertExactlyOneCompletion(String run) {
    tap.awaitQuiet(QUIET);
    assertThat(tap.events(RunCompleted.class, run)).as("completions of " + run).hasSize(1);
  }

  private static void send(RunRequested request, int partition) {
    ProducerRecord<String, byte[]> record = CloudEventsKafka.toRecord(request, "/failover-test");
    tap.send(
        new ProducerRecord<>(
            record.topic(), partition, record.key(), record.value(), record.headers()));
  }

  private static RunRequested request(String run, int epochs, int batchSize) {
    return new RunRequested(
        run,
        DATASET,
        "alexnet-mini",
        "failover",
        new Hyperparameters(epochs, batchSize, null, 5L, null));
  }

  /** The trainer process a RunStarted names ("host/pid"). */
  private static LoggedProcess worker(RunStarted started) {
    long pid = Long.parseLong(started.worker().substring(started.worker().lastIndexOf('/') + 1));
    return stack.replicas(Service.TRAINER).stream()
        .filter(p -> p.pid() == pid)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no trainer with pid " + pid));
  }

  private static int liveness(LoggedProcess worker) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(stack.url(worker) + "/q/health/live")).build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }
}
