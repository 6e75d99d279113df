package dev.stride.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stride.contracts.ObjectKeys;
import dev.stride.contracts.Topics;
import dev.stride.contracts.events.CheckpointSaved;
import dev.stride.contracts.events.DatasetIngestRequested;
import dev.stride.contracts.events.DatasetIngested;
import dev.stride.contracts.events.DatasetSource;
import dev.stride.contracts.events.EpochCompleted;
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
    runs.forEach(run -> send(request(run, 5, 64), 0));
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
      assertThat(completed.finalEpoch()).isEqualTo(5);
      RunHistory history = store.getJson(ObjectKeys.runHistory(run), RunHistory.class);
      assertThat(history.epochs()).extracting(EpochCompleted::epoch).containsExactly(1, 2, 3, 4, 5);
    }
    runs.forEach(TrainerFailoverIT::assertExactlyOneCompletion);
  }

  @Test
  void aWorkerStoppedWithSigtermCheckpointsEachRunMidEpochAndTheOtherContinuesThere()
      throws Exception {
    List<String> runs = List.of("run-sigterm-a", "run-sigterm-b");
    runs.forEach(run -> send(request(run, 3, 32), 1));
    RunStarted first = tap.await(RunStarted.class, e -> e.runId().equals(runs.get(0)), WAIT);
    tap.await(RunStarted.class, e -> e.runId().equals(runs.get(1)), WAIT);
    tap.await(RunProgressed.class, e -> e.runId().equals(runs.get(1)) && e.epoch() == 2, WAIT);
    LoggedProcess worker = worker(first);
    // a worker joining mid-run takes none of them: no second start, and the worker stays live
    stack.startReplica(Service.TRAINER);
    tap.await(
        RunProgressed.class,
        e -> e.runId().equals(runs.get(1)) && e.epoch() == 2 && e.batch() > 10,
        WAIT);
    runs.forEach(run -> assertThat(tap.events(RunStarted.class, run)).hasSize(1));
    assertThat(liveness(worker)).isEqualTo(200);

    worker.stop(Duration.ofSeconds(60));

    for (String run : runs) {
      CheckpointSaved midEpoch =
          tap.await(
              CheckpointSaved.class,
              e -> e.runId().equals(run) && e.checkpointKey().contains("-batch-"),
              WAIT);
      RunCompleted completed = tap.await(RunCompleted.class, e -> e.runId().equals(run), WAIT);
      RunStarted second = tap.events(RunStarted.class, run).get(1);
      // where the stop lands is the worker's business: late in an epoch the next batch may
      // already be the next epoch's; the other worker continues in the epoch of the checkpoint
      assertThat(second.worker()).isNotEqualTo(first.worker());
      assertThat(second.startEpoch()).isEqualTo(midEpoch.epoch());
      assertThat(second.resumedFrom()).isEqualTo(midEpoch.checkpointKey());
      assertThat(completed.finalEpoch()).isEqualTo(3);
    }
    runs.forEach(TrainerFailoverIT::assertExactlyOneCompletion);
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
