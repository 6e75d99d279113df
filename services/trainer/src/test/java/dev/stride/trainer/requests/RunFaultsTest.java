package dev.stride.trainer.requests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stride.contracts.ObjectKeys;
import dev.stride.contracts.Topics;
import dev.stride.contracts.events.Hyperparameters;
import dev.stride.contracts.events.RunCompleted;
import dev.stride.contracts.events.RunFailed;
import dev.stride.contracts.events.RunRequested;
import dev.stride.contracts.events.RunStarted;
import dev.stride.contracts.objects.RunHistory;
import dev.stride.devstack.DevStack;
import dev.stride.devstack.DevStackTestResource;
import dev.stride.devstack.EventTap;
import dev.stride.devstack.InjectDevStack;
import dev.stride.storage.ObjectStore;
import dev.stride.trainer.run.Faults;
import dev.stride.trainer.run.FaultyRunExecutor;
import dev.stride.trainer.run.TinyDataset;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every exception a run's execution may throw, thrown through the request consumer: each request
 * ends in RunFailed naming it, its history ends as failed, and the consumer takes the next request.
 */
@QuarkusTest
@QuarkusTestResource(DevStackTestResource.class)
@TestProfile(Faults.class)
class RunFaultsTest {

  private static final Duration WAIT = Duration.ofSeconds(180);

  @InjectDevStack DevStack stack;
  @Inject ObjectStore store;

  @Test
  void everyExceptionEndsInRunFailedAndAFailedHistoryAndTheNextRequestIsTaken() {
    TinyDataset.ensure(store);
    try (EventTap tap =
        EventTap.open(stack.kafka().bootstrapServers(), List.of(Topics.TRAINING_EVENTS))) {
      for (String fault : FaultyRunExecutor.FAULTS.keySet()) {
        tap.publish(request("fault-" + fault), "/test");
      }
      tap.publish(request("fault-none-after"), "/test");

      for (String fault : FaultyRunExecutor.FAULTS.keySet()) {
        String runId = "fault-" + fault;
        RunFailed failed = tap.await(RunFailed.class, e -> e.runId().equals(runId), WAIT);
        String type = FaultyRunExecutor.FAULTS.get(fault).get().getClass().getName();
        assertThat(failed.reason()).as(runId).startsWith("training failed: " + type);
        assertThat(tap.events(RunStarted.class, runId)).as(runId).hasSize(1);
        assertThat(store.getJson(ObjectKeys.runHistory(runId), RunHistory.class).status())
            .as(runId)
            .isEqualTo(RunHistory.FAILED);
      }
      RunCompleted after =
          tap.await(RunCompleted.class, e -> e.runId().equals("fault-none-after"), WAIT);
      assertThat(after.finalEpoch()).isEqualTo(1);
    }
  }

  private static RunRequested request(String runId) {
    return new RunRequested(
        runId, TinyDataset.ID, "alexnet-mini", null, new Hyperparameters(1, 64, null, 1L, 1));
  }
}
