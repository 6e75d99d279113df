package dev.stride.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stride.contracts.Topics;
import dev.stride.contracts.events.CheckpointSaved;
import dev.stride.contracts.events.DatasetIngestRequested;
import dev.stride.contracts.events.DatasetIngested;
import dev.stride.contracts.events.DatasetSource;
import dev.stride.contracts.events.EvaluationCompleted;
import dev.stride.contracts.events.Event;
import dev.stride.contracts.events.Hyperparameters;
import dev.stride.contracts.events.RunCompleted;
import dev.stride.contracts.events.RunFailed;
import dev.stride.contracts.events.RunRequested;
import dev.stride.contracts.events.SyntheticSpec;
import dev.stride.devstack.EventTap;
import dev.stride.devstack.stack.LocalStack;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Outages longer than the services ride out: S3 down 60 s with a store retry budget of about 3 s
 * ({@code stride.store.retry.*}), Kafka down 60 s with a producer delivery timeout of 15 s. Once
 * the dependency is back, a new ingest, a new run and its evaluation complete on the processes
 * started first (no restart), and the run that was training meanwhile ends: {@code run-failed}
 * naming the outage, or completed. Prints {@code FIGURES long-outage ...}.
 */
class LongOutageIT {

  private static final Duration OUTAGE = Duration.ofSeconds(60);
  private static final Duration WAIT = Duration.ofMinutes(5);
  private static final String DATASET = "long-outage";
  private static final String SOURCE = "/long-outage-test";

  /** Batches per epoch: a checkpoint every few seconds, so an outage meets a run mid-flight. */
  private static final int BATCHES = 4;

  private static StartedStack started;
  private static LocalStack stack;
  private static EventTap tap;

  @BeforeAll
  static void startStack() throws Exception {
    started =
        StartedStack.start(
            "long-outage",
            Map.of(
                "TRAINER_PROGRESS_INTERVAL", "PT1S",
                // three tries, 1 s then 2 s apart: a store call gives up after about 3 s
                "STRIDE_STORE_RETRY_ATTEMPTS", "3",
                "STRIDE_STORE_RETRY_FIRST_DELAY", "PT1S",
                "STRIDE_STORE_RETRY_MAX_DELAY", "PT2S",
                // a record the broker has not taken in 15 s fails (the default is 2 minutes)
                "KAFKA_DELIVERY_TIMEOUT_MS", "15000",
                "KAFKA_REQUEST_TIMEOUT_MS", "5000"));
    stack = started.stack();
    tap =
        EventTap.open(
            stack.kafkaBootstrapServers(),
            List.of(Topics.DATASET_EVENTS, Topics.TRAINING_EVENTS, Topics.EVALUATION_EVENTS));
    ingest(DATASET);
  }

  @AfterAll
  static void stop() {
    try (StartedStack closing = started;
        EventTap closingTap = tap) {
      // both closed, the tap first
    }
  }

  @Test
  void everyServiceTakesWorkAgainAfterAnS3OutageLongerThanItsRetryBudget() {
    String inFlight = "run-s3-down";
    // the store's budget is seconds: the run ends while the store is still down
    long outage =
        outage(
            inFlight,
            stack::killS3,
            () -> awaitOutcome(inFlight, Duration.ofSeconds(50), "store"),
            stack::restartS3);

    long back = System.nanoTime();
    assertNewWorkCompletes("after-s3");
    System.out.printf(
        "FIGURES long-outage s3 outage=%ds in-flight=%s new-work=%ds%n",
        outage, outcome(inFlight), (System.nanoTime() - back) / 1_000_000_000L);
  }

  @Test
  void everyServiceTakesWorkAgainAfterAKafkaOutageLongerThanTheDeliveryTimeout() {
    String inFlight = "run-kafka-down";
    long outage = outage(inFlight, stack::killKafka, () -> {}, stack::restartKafka);

    long back = System.nanoTime();
    awaitOutcome(inFlight, WAIT, "Kafka");
    assertNewWorkCompletes("after-kafka");
    System.out.printf(
        "FIGURES long-outage kafka outage=%ds in-flight=%s new-work=%ds%n",
        outage, outcome(inFlight), (System.nanoTime() - back) / 1_000_000_000L);
  }

  /**
   * Starts {@code run}, and once it has a checkpoint takes a dependency down for {@link #OUTAGE},
   * doing {@code whileDown} meanwhile; returns the seconds it was down.
   */
  private static long outage(String run, Runnable kill, Runnable whileDown, Runnable restart) {
    train(run, 20);
    tap.await(CheckpointSaved.class, e -> e.runId().equals(run), WAIT);
    long down = System.nanoTime();
    kill.run();
    try {
      whileDown.run();
      holdUntil(down);
    } finally {
      restart.run();
    }
    return (System.nanoTime() - down) / 1_000_000_000L;
  }

  /** A new ingest, a new run on it and that run's evaluation, on the first processes. */
  private static void assertNewWorkCompletes(String suffix) {
    String dataset = ingest(DATASET + "-" + suffix);
    String run = train("run-" + suffix, 1);
    tap.await(RunCompleted.class, e -> e.runId().equals(run), WAIT);
    tap.await(EvaluationCompleted.class, e -> e.runId().equals(run), WAIT);
    assertThat(tap.events(DatasetIngested.class, dataset)).isNotEmpty();
    started.assertEveryServiceReadyWithoutRestart();
  }

  /**
   * The run that was training ends, never stuck: failed with a reason naming the outage, or
   * completed once the dependency was back.
   */
  private static void awaitOutcome(String run, Duration within, String cause) {
    Awaitility.await(run + " ends").atMost(within).until(() -> !outcome(run).equals("none"));
    tap.events(RunFailed.class, run)
        .forEach(failed -> assertThat(failed.reason()).as(run + " failed").contains(cause));
  }

  private static String outcome(String run) {
    if (!tap.events(RunFailed.class, run).isEmpty()) {
      return "run-failed";
    }
    return tap.events(RunCompleted.class, run).isEmpty() ? "none" : "run-completed";
  }

  /** Keeps the dependency down until {@link #OUTAGE} has passed since {@code down}. */
  private static void holdUntil(long down) {
    Awaitility.await("the outage")
        .pollInterval(Duration.ofSeconds(1))
        .atMost(OUTAGE.plusSeconds(5))
        .until(() -> System.nanoTime() - down >= OUTAGE.toNanos());
  }

  private static String train(String run, int epochs) {
    tap.publish(
        new RunRequested(
            run,
            DATASET,
            "alexnet-mini",
            "cifar10",
            new Hyperparameters(epochs, 64, null, 5L, BATCHES)),
        SOURCE);
    return run;
  }

  private static String ingest(String dataset) {
    publish(new DatasetIngestRequested(dataset, DatasetSource.ofSynthetic(spec())));
    tap.await(DatasetIngested.class, e -> e.datasetId().equals(dataset), WAIT);
    return dataset;
  }

  private static SyntheticSpec spec() {
    return new SyntheticSpec(1600, 320, 100, 9L);
  }

  private static void publish(Event request) {
    tap.publish(request, SOURCE);
  }
}
