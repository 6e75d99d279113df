package dev.stride.evaluator.evaluation;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stride.contracts.ObjectKeys;
import dev.stride.contracts.Topics;
import dev.stride.contracts.events.EvaluationCompleted;
import dev.stride.contracts.events.EvaluationFailed;
import dev.stride.contracts.events.RunCompleted;
import dev.stride.contracts.objects.Checkpoint;
import dev.stride.data.ImageSet;
import dev.stride.data.SyntheticCifar;
import dev.stride.devstack.DevStack;
import dev.stride.devstack.DevStackTestResource;
import dev.stride.devstack.EventTap;
import dev.stride.devstack.InjectDevStack;
import dev.stride.evaluator.EvaluatorConfig;
import dev.stride.storage.CheckpointStore;
import dev.stride.storage.ObjectStore;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every exception scoring may throw, thrown through the training-events consumer: each run's
 * evaluation ends in EvaluationFailed naming it, and the consumer evaluates the next run.
 *
 * <p>A failed evaluation leaves no record in the store: no report, no pictures, no promotion, so
 * {@code GET /api/v1/runs/{id}/evaluation} answers 404. The EvaluationFailed event on
 * evaluation.events is its only terminal record, and nothing goes to training.events.dlq: the
 * evaluator's contract is to answer the run, not to dead-letter it.
 */
@QuarkusTest
@QuarkusTestResource(DevStackTestResource.class)
@TestProfile(TrainingEventConsumerFaultsTest.Faults.class)
class TrainingEventConsumerFaultsTest {

  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final String DATASET = "eval-faults";
  private static final ImageSet TRAIN = SyntheticCifar.generate(96, 21);
  private static final ImageSet TEST = SyntheticCifar.generate(40, 22);

  /** The real evaluator, with FaultyCheckpointScorer in place of CheckpointScorer. */
  public static class Faults implements QuarkusTestProfile {
    @Override
    public Set<Class<?>> getEnabledAlternatives() {
      return Set.of(FaultyCheckpointScorer.class);
    }
  }

  @InjectDevStack DevStack stack;
  @Inject ObjectStore store;
  @Inject CheckpointStore checkpoints;
  @Inject EvaluatorConfig config;

  @Test
  void everyExceptionEndsInEvaluationFailedAndNoReportAndTheNextRunIsEvaluated() throws Exception {
    writeDataset();
    Path parameters = train();
    List<String> runs = new ArrayList<>();
    for (String fault : FaultyCheckpointScorer.FAULTS.keySet()) {
      runs.add("fault-" + fault);
    }
    runs.add("fault-none-after");
    for (String runId : runs) {
      checkpoints.save(checkpoint(runId), parameters, true);
    }

    try (EventTap tap =
        EventTap.open(
            stack.kafka().bootstrapServers(),
            List.of(Topics.EVALUATION_EVENTS, Topics.deadLetter(Topics.TRAINING_EVENTS)))) {
      for (String fault : FaultyCheckpointScorer.FAULTS.keySet()) {
        tap.publish(completed("fault-" + fault), "/test");
      }

      for (String fault : FaultyCheckpointScorer.FAULTS.keySet()) {
        String runId = "fault-" + fault;
        EvaluationFailed failed =
            tap.await(EvaluationFailed.class, e -> e.runId().equals(runId), WAIT);
        String type = FaultyCheckpointScorer.FAULTS.get(fault).get().getClass().getName();
        assertThat(failed.reason()).as(runId).startsWith("evaluation failed: " + type);
        assertThat(failed.checkpointKey())
            .as(runId)
            .isEqualTo(CheckpointStore.documentKey(runId, 1));
        assertThat(tap.events(EvaluationCompleted.class, runId)).as(runId).isEmpty();
        assertThat(store.exists(ObjectKeys.evaluationReport(runId))).as(runId).isFalse();
        assertThat(store.exists(ObjectKeys.currentModel("m-" + runId))).as(runId).isFalse();
        given().get("/api/v1/runs/" + runId + "/evaluation").then().statusCode(404);
      }
      // the run after every fault (all answered: the records may sit on other partitions)
      tap.publish(completed("fault-none-after"), "/test");
      EvaluationCompleted after =
          tap.await(EvaluationCompleted.class, e -> e.runId().equals("fault-none-after"), WAIT);
      assertThat(after.examples()).isEqualTo(TEST.size());
      // answered, not dead-lettered; and the failed evaluations' work folders are gone (each was
      // handled to its end before the run after them)
      assertThat(tap.records("fault-"))
          .noneMatch(r -> r.topic().equals(Topics.deadLetter(Topics.TRAINING_EVENTS)));
      try (Stream<Path> left = Files.list(Path.of(config.workDirectory()))) {
        assertThat(left.map(p -> p.getFileName().toString()))
            .noneMatch(
                name ->
                    FaultyCheckpointScorer.FAULTS.keySet().stream()
                        .anyMatch(fault -> name.startsWith("stride-eval-fault-" + fault + "-")));
      }
    }
  }

  private void writeDataset() {
    EvaluationFixtures.writeDataset(
        store, DATASET, TRAIN.slice(0, 64), TRAIN.slice(64, 96), TEST, 21L);
  }

  /** One short epoch of real training; the parameters file it leaves. */
  private static Path train() throws IOException {
    return EvaluationFixtures.train(TRAIN.slice(0, 64), TRAIN.slice(64, 96), 1);
  }

  private static Checkpoint checkpoint(String runId) {
    return new Checkpoint(
        runId,
        DATASET,
        1,
        0,
        "alexnet-mini",
        null,
        SyntheticCifar.CLASS_NAMES,
        "scale",
        null,
        null,
        1.0,
        0.5,
        List.of(),
        OffsetDateTime.now());
  }

  private static RunCompleted completed(String runId) {
    return new RunCompleted(
        runId,
        DATASET,
        "alexnet-mini",
        "m-" + runId,
        1,
        1,
        CheckpointStore.documentKey(runId, 1),
        CheckpointStore.documentKey(runId, 1),
        ObjectKeys.runHistory(runId),
        "cpu()",
        1.0,
        false,
        null,
        null);
  }
}
