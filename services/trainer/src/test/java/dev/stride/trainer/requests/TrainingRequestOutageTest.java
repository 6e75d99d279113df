package dev.stride.trainer.requests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stride.contracts.Topics;
import dev.stride.contracts.events.CheckpointSaved;
import dev.stride.contracts.events.Hyperparameters;
import dev.stride.contracts.events.RunCompleted;
import dev.stride.contracts.events.RunFailed;
import dev.stride.contracts.events.RunRequested;
import dev.stride.devstack.DevStack;
import dev.stride.devstack.DevStackTestResource;
import dev.stride.devstack.EventTap;
import dev.stride.devstack.InjectDevStack;
import dev.stride.storage.ObjectStore;
import dev.stride.trainer.run.TinyDataset;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An S3 outage longer than the store's retry budget (about 1.5 s here): the run it meets ends with
 * run-failed naming the store, and the worker takes the next request once the store is back.
 */
@QuarkusTest
@TestProfile(TrainingRequestOutageTest.SmallRetryBudget.class)
@QuarkusTestResource(DevStackTestResource.class)
class TrainingRequestOutageTest {

  private static final Duration WAIT = Duration.ofSeconds(120);

  public static class SmallRetryBudget implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "stride.store.retry.attempts", "2",
          "stride.store.retry.first-delay", "PT0.5S",
          "stride.store.retry.max-delay", "PT1S");
    }
  }

  @InjectDevStack DevStack stack;
  @Inject ObjectStore store;

  @Test
  void anOutageLongerThanTheBudgetFailsTheRunAndTheWorkerTakesTheNextOne() {
    TinyDataset.ensure(store);
    try (EventTap tap =
        EventTap.open(stack.kafka().bootstrapServers(), List.of(Topics.TRAINING_EVENTS))) {
      tap.publish(request("run-outage", 200), "/test");
      tap.await(CheckpointSaved.class, e -> e.runId().equals("run-outage"), WAIT);

      stack.s3().kill();
      RunFailed failed;
      try {
        failed = tap.await(RunFailed.class, e -> e.runId().equals("run-outage"), WAIT);
      } finally {
        stack.s3().restart(WAIT);
      }

      assertThat(failed.reason())
          .startsWith("the object store was unavailable longer than its retry budget")
          .contains("stride.store.retry.*");
      tap.publish(request("run-after-outage", 1), "/test");
      assertThat(tap.await(RunCompleted.class, e -> e.runId().equals("run-after-outage"), WAIT))
          .isNotNull();
    }
  }

  private static RunRequested request(String runId, int epochs) {
    return new RunRequested(
        runId, TinyDataset.ID, "alexnet-mini", null, new Hyperparameters(epochs, 32, null, 3L, 2));
  }
}
