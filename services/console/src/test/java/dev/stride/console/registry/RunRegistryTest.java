package dev.stride.console.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stride.console.registry.RunView.EpochView;
import dev.stride.console.registry.RunView.ProgressView;
import dev.stride.contracts.events.DatasetIngested;
import dev.stride.contracts.events.EpochCompleted;
import dev.stride.contracts.events.EvaluationCompleted;
import dev.stride.contracts.events.Hyperparameters;
import dev.stride.contracts.events.ModelPromoted;
import dev.stride.contracts.events.RunCancelled;
import dev.stride.contracts.events.RunCompleted;
import dev.stride.contracts.events.RunFailed;
import dev.stride.contracts.events.RunProgressed;
import dev.stride.contracts.events.RunRequested;
import dev.stride.contracts.events.RunStarted;
import dev.stride.nn.Faults;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The fold from events to runs, without Kafka. */
class RunRegistryTest {

  static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");
  static final Hyperparameters HYPERPARAMETERS = new Hyperparameters(2, 64, 0.01, 7L, null);

  final RunRegistry registry = new RunRegistry();

  /**
   * Whatever a listener throws, of each type a bug, the engine or the machine may throw: the event
   * is folded in, the listeners beside it hear it, apply returns the change, and the thrower is
   * dropped (it hears nothing more) while the others hear the next change.
   */
  @Test
  void aListenerThatThrowsIsDroppedAndTheOthersAndTheFoldGoOn() {
    for (String fault : Faults.BY_NAME.keySet()) {
      String run = "fault-" + fault;
      List<String> before = new ArrayList<>();
      List<String> after = new ArrayList<>();
      int[] thrown = {0};
      registry.subscribe(run, change -> before.add(change.kind()));
      registry.subscribe(
          run,
          change -> {
            thrown[0]++;
            Faults.raise(fault);
          });
      registry.subscribe(run, change -> after.add(change.kind()));

      assertThat(
              registry
                  .apply(new RunRequested(run, "ds", null, "m", HYPERPARAMETERS), T0)
                  .map(RunChange::kind))
          .as(fault)
          .contains("requested");
      registry.apply(started(run), T0.plusSeconds(1));

      assertThat(registry.run(run).map(RunView::status)).as(fault).contains(RunView.RUNNING);
      assertThat(before).as(fault).containsExactly("requested", "started");
      assertThat(after).as(fault).containsExactly("requested", "started");
      assertThat(thrown[0]).as(fault).isEqualTo(1);
    }
  }

  @Test
  void aWholeRunFoldsIntoOneView() {
    registry.apply(new RunRequested("r1", "ds", "alexnet-mini", "m", HYPERPARAMETERS), T0);
    registry.apply(started("r1"), T0.plusSeconds(5));
    registry.apply(new RunProgressed("r1", 1, 5, 10, 250.0, 42.0), T0.plusSeconds(10));
    registry.apply(epoch("r1", 1, 0.35), T0.plusSeconds(20));
    registry.apply(epoch("r1", 2, 0.31), T0.plusSeconds(30));
    registry.apply(completed("r1"), T0.plusSeconds(35));
    registry.apply(evaluated("r1"), T0.plusSeconds(50));
    registry.apply(new ModelPromoted("r1", "m", "ck-1", 0.42, null), T0.plusSeconds(51));

    assertThat(registry.run("r1"))
        .contains(
            new RunView(
                "r1",
                RunView.COMPLETED,
                "ds",
                "alexnet-mini",
                "m",
                HYPERPARAMETERS,
                "cpu()",
                1234L,
                "w1",
                2,
                List.of(epochView(1, 0.35), epochView(2, 0.31)),
                new ProgressView(1, 5, 10, 250.0, 42.0),
                0.35,
                1,
                2,
                false,
                "ck-2",
                "ck-1",
                "runs/r1/history.json",
                Map.of("summary", "runs/r1/model/summary.txt"),
                1.5,
                0.42,
                0.8,
                0.05,
                "runs/r1/evaluation/report.json",
                Map.of("confusion", "runs/r1/evaluation/confusion.png"),
                "gpu(0)",
                null,
                null,
                null,
                T0,
                T0.plusSeconds(5),
                T0.plusSeconds(35),
                30.0));
  }

  @Test
  void aRequestReplayedAfterTheStartKeepsTheRunRunningAndAddsTheHyperparameters() {
    registry.apply(started("r2"), T0.plusSeconds(5));
    registry.apply(new RunRequested("r2", "ds", "alexnet-mini", "m", HYPERPARAMETERS), T0);

    RunView run = registry.run("r2").orElseThrow();
    assertThat(run.status()).isEqualTo(RunView.RUNNING);
    assertThat(run.hyperparameters()).isEqualTo(HYPERPARAMETERS);
    assertThat(run.epochs()).isEqualTo(2);
    assertThat(run.requestedAt()).isEqualTo(T0);
    assertThat(run.startedAt()).isEqualTo(T0.plusSeconds(5));
  }

  @Test
  void aRedeliveredEventChangesNothingAndTellsNoOne() {
    List<RunChange> heard = new ArrayList<>();
    registry.apply(started("r3"), T0);
    registry.subscribe("r3", heard::add);

    assertThat(registry.apply(epoch("r3", 1, 0.5), T0.plusSeconds(9))).isPresent();
    assertThat(registry.apply(epoch("r3", 1, 0.5), T0.plusSeconds(9))).isEmpty();
    assertThat(registry.apply(started("r3"), T0.plusSeconds(60))).isEmpty();

    assertThat(registry.run("r3").orElseThrow().history()).containsExactly(epochView(1, 0.5));
    assertThat(registry.run("r3").orElseThrow().startedAt()).isEqualTo(T0);
    assertThat(heard).extracting(RunChange::kind).containsExactly("state", "epoch");
  }

  @Test
  void aListenerHearsItsOwnRunFromItsCurrentStateUntilItStops() {
    List<RunChange> heard = new ArrayList<>();
    Runnable unknownYet = registry.subscribe("r4", heard::add);
    registry.apply(started("r4"), T0);
    registry.apply(started("other"), T0);
    registry.apply(new RunProgressed("r4", 1, 1, 10, 100.0, 9.0), T0.plusSeconds(1));
    unknownYet.run();
    registry.apply(new RunProgressed("r4", 1, 2, 10, 100.0, 8.0), T0.plusSeconds(2));

    assertThat(heard).extracting(RunChange::kind).containsExactly("started", "progress");
    assertThat(heard.get(1).run().progress()).isEqualTo(new ProgressView(1, 1, 10, 100.0, 9.0));

    List<RunChange> later = new ArrayList<>();
    registry.subscribe("r4", later::add);
    assertThat(later).hasSize(1);
    assertThat(later.get(0).kind()).isEqualTo(RunRegistry.STATE);
    assertThat(later.get(0).run().progress().batch()).isEqualTo(2);
  }

  @Test
  void failedAndCancelledRunsKeepTheirReasonAndDuration() {
    registry.apply(new RunRequested("r5", "ds", null, null, null), T0);
    registry.apply(
        new RunFailed("r5", "hyperparameters.devices: 4 asked, 1 available", "devices"),
        T0.plusMillis(1500));
    registry.apply(started("r6"), T0);
    registry.apply(new RunCancelled("r6", 3, "asked by ada"), T0.plusSeconds(90));

    RunView failed = registry.run("r5").orElseThrow();
    assertThat(failed.status()).isEqualTo(RunView.FAILED);
    assertThat(failed.failureReason()).isEqualTo("hyperparameters.devices: 4 asked, 1 available");
    assertThat(failed.failureField()).isEqualTo("devices");
    assertThat(failed.durationSeconds()).isEqualTo(1.5);
    assertThat(failed.architecture()).isEqualTo(RunRequested.DEFAULT_ARCHITECTURE);
    RunView cancelled = registry.run("r6").orElseThrow();
    assertThat(cancelled.status()).isEqualTo(RunView.CANCELLED);
    assertThat(cancelled.failureReason()).isEqualTo("asked by ada");
    assertThat(cancelled.finalEpoch()).isEqualTo(3);
    assertThat(cancelled.durationSeconds()).isEqualTo(90.0);
    assertThat(cancelled.ended()).isTrue();
  }

  @Test
  void aRequestReusingACompletedRunsIdLeavesItsRecordAsItWas() {
    Hyperparameters other = new Hyperparameters(99, 8, 0.5, 1L, null);
    RunFailed refused =
        new RunFailed("r7", "run id already used: run r7 was requested before", "runId");
    // as the console sees it live: the run, then the reuse and its refusal
    registry.apply(new RunRequested("r7", "ds", "alexnet-mini", "m", HYPERPARAMETERS), T0);
    registry.apply(started("r7"), T0.plusSeconds(1));
    registry.apply(epoch("r7", 1, 0.3), T0.plusSeconds(2));
    registry.apply(completed("r7"), T0.plusSeconds(3));
    RunView before = registry.run("r7").orElseThrow();
    registry.apply(new RunRequested("r7", "ds", "all-conv", "m2", other), T0.plusSeconds(60));
    registry.apply(refused, T0.plusSeconds(61));
    registry.apply(completed("r7"), T0.plusSeconds(61));

    assertThat(registry.run("r7")).contains(before);
    assertThat(before.hyperparameters()).isEqualTo(HYPERPARAMETERS);

    // rebuilt after a restart, the requests topic read ahead of the events topic
    RunRegistry rebuilt = new RunRegistry();
    rebuilt.apply(new RunRequested("r7", "ds", "alexnet-mini", "m", HYPERPARAMETERS), T0);
    rebuilt.apply(new RunRequested("r7", "ds", "all-conv", "m2", other), T0.plusSeconds(60));
    rebuilt.apply(started("r7"), T0.plusSeconds(1));
    rebuilt.apply(epoch("r7", 1, 0.3), T0.plusSeconds(2));
    rebuilt.apply(completed("r7"), T0.plusSeconds(3));
    rebuilt.apply(refused, T0.plusSeconds(61));
    rebuilt.apply(completed("r7"), T0.plusSeconds(61));

    assertThat(rebuilt.run("r7")).contains(before);
  }

  @Test
  void aRefusedReuseDoesNotEndARunStillTraining() {
    registry.apply(new RunRequested("r8", "ds", "alexnet-mini", "m", HYPERPARAMETERS), T0);
    registry.apply(started("r8"), T0.plusSeconds(1));

    registry.apply(new RunFailed("r8", "run id already used", "runId"), T0.plusSeconds(2));

    RunView run = registry.run("r8").orElseThrow();
    assertThat(run.status()).isEqualTo(RunView.RUNNING);
    assertThat(run.failureReason()).isNull();
  }

  @Test
  void runsAreListedNewestFirstAndDatasetsById() {
    registry.apply(new RunRequested("old", "ds", null, null, null), T0);
    registry.apply(new RunRequested("new", "ds", null, null, null), T0.plusSeconds(60));
    registry.apply(started("middle"), T0.plusSeconds(30));
    registry.apply(dataset("b-set"), T0);
    registry.apply(dataset("a-set"), T0.plusSeconds(1));

    assertThat(registry.runs()).extracting(RunView::runId).containsExactly("new", "middle", "old");
    assertThat(registry.datasets())
        .containsExactly(
            new DatasetView(
                "a-set",
                "datasets/a-set/manifest.json",
                45000,
                5000,
                10000,
                List.of("cat", "dog"),
                "sha256:x",
                T0.plusSeconds(1)),
            new DatasetView(
                "b-set",
                "datasets/b-set/manifest.json",
                45000,
                5000,
                10000,
                List.of("cat", "dog"),
                "sha256:x",
                T0));
  }

  static RunStarted started(String runId) {
    return new RunStarted(runId, "ds", "alexnet-mini", "cpu()", 1234L, "w1", 1, null);
  }

  static EpochCompleted epoch(String runId, int epoch, double valAccuracy) {
    return new EpochCompleted(runId, epoch, 2, 2.0 / epoch, 0.3 * epoch, 1.9, valAccuracy, 10, 300);
  }

  static EpochView epochView(int epoch, double valAccuracy) {
    return new EpochView(epoch, 2.0 / epoch, 0.3 * epoch, 1.9, valAccuracy, 10, 300);
  }

  static RunCompleted completed(String runId) {
    return new RunCompleted(
        runId,
        "ds",
        "alexnet-mini",
        "m",
        2,
        1,
        "ck-2",
        "ck-1",
        "runs/" + runId + "/history.json",
        "cpu()",
        29.0,
        false,
        Map.of("summary", "runs/" + runId + "/model/summary.txt"),
        null);
  }

  static EvaluationCompleted evaluated(String runId) {
    return new EvaluationCompleted(
        runId,
        "m",
        "ck-1",
        1,
        100,
        1.5,
        0.42,
        0.8,
        0.05,
        "runs/" + runId + "/evaluation/report.json",
        Map.of("confusion", "runs/" + runId + "/evaluation/confusion.png"),
        List.of(),
        "gpu(0)");
  }

  static DatasetIngested dataset(String id) {
    return new DatasetIngested(
        id,
        "datasets/" + id + "/manifest.json",
        45000,
        5000,
        10000,
        List.of("cat", "dog"),
        "sha256:x");
  }
}
