package dev.stride.predictor.model;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.stride.contracts.ObjectKeys;
import dev.stride.contracts.Topics;
import dev.stride.contracts.events.ModelPromoted;
import dev.stride.contracts.objects.ModelPointer;
import dev.stride.data.SyntheticCifar;
import dev.stride.devstack.DevStack;
import dev.stride.devstack.DevStackTestResource;
import dev.stride.devstack.EventTap;
import dev.stride.devstack.InjectDevStack;
import dev.stride.nn.Faults;
import dev.stride.predictor.PredictorConfig;
import dev.stride.predictor.api.TestModels;
import dev.stride.storage.CheckpointStore;
import dev.stride.storage.ObjectStore;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Every way a promotion can fail, thrown through ModelPromotedConsumer by a real event on Kafka and
 * real objects in S3: each ends in the same terminal state, the previous model still serving and
 * readiness saying why; a good promotion afterwards is served and clears it.
 */
@QuarkusTest
@TestProfile(ModelPromotedFailuresTest.EventsOnly.class)
@QuarkusTestResource(DevStackTestResource.class)
class ModelPromotedFailuresTest {

  private static final String MODEL = "failing-promotions";
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String CHECK = "checks.find { it.name == 'model' }.data.";

  public static class EventsOnly extends ModelPromotedConsumerTest.EventsOnlyFor {
    public EventsOnly() {
      super(MODEL);
    }

    @Override
    public Set<Class<?>> getEnabledAlternatives() {
      return Set.of(FaultyModelLoader.class);
    }
  }

  @InjectDevStack DevStack stack;
  @Inject ObjectStore store;
  @Inject CheckpointStore checkpoints;
  @Inject PredictorConfig config;

  @Test
  void everyFailedPromotionKeepsThePreviousModelAndReadinessSaysWhy() throws Exception {
    Path parameters = TestModels.train(SyntheticCifar.generate(256, 61), 7);
    Path garbage = Files.createTempFile("stride-garbage", ".params");
    Files.write(garbage, "not parameters".getBytes(StandardCharsets.UTF_8));
    TestModels.promote(stack, store, checkpoints, MODEL, "run-good", parameters);
    awaitServing("run-good", null);

    // each fault, and how readiness must begin to explain it
    Map<String, Runnable> faults = new LinkedHashMap<>();
    faults.put(
        "not serving run run-garbage-params: ",
        () -> TestModels.promote(stack, store, checkpoints, MODEL, "run-garbage-params", garbage));
    faults.put(
        "not serving run run-missing: ",
        () -> point("run-missing", CheckpointStore.documentKey("run-missing", 1)));
    faults.put(
        "not serving run run-torn: ",
        () -> {
          String key = CheckpointStore.documentKey("run-torn", 1);
          store.put(key, "{\"runId\": ".getBytes(StandardCharsets.UTF_8), "application/json");
          point("run-torn", key);
        });
    faults.put(
        "cannot read the registry entry of " + MODEL + ": ",
        () -> {
          store.put(
              ObjectKeys.currentModel(MODEL),
              "not json".getBytes(StandardCharsets.UTF_8),
              "application/json");
          publish("run-unreadable", "runs/run-unreadable/none.json");
        });
    for (Map.Entry<String, Runnable> fault : faults.entrySet()) {
      fault.getValue().run();
      awaitServing("run-good", fault.getKey());
    }

    TestModels.promote(stack, store, checkpoints, MODEL, "run-good-again", parameters);
    awaitServing("run-good-again", null);
  }

  /**
   * Each unchecked exception and error that loading a promoted model may throw (a bug, the engine,
   * the machine): the promotion is answered the same way every time — the previous model still
   * serves, readiness names the run and the exception, nothing is dead-lettered, the download is
   * removed — and the next good promotion is served.
   */
  @Test
  void everyFaultWhileLoadingKeepsThePreviousModelAndTheConsumerGoesOn() throws Exception {
    Path parameters = TestModels.train(SyntheticCifar.generate(256, 62), 7);
    Path work = Path.of(config.workDirectory());
    try (EventTap dlq =
        EventTap.open(
            stack.kafka().bootstrapServers(),
            List.of(Topics.deadLetter(Topics.EVALUATION_EVENTS)))) {
      TestModels.promote(stack, store, checkpoints, MODEL, "run-before-faults", parameters);
      awaitServing("run-before-faults", null);
      List<Path> downloads = downloads(work);

      for (String fault : Faults.BY_NAME.keySet()) {
        String type = Faults.BY_NAME.get(fault).get().getClass().getName();
        TestModels.promote(stack, store, checkpoints, MODEL, "fault-" + fault, parameters);
        awaitServing("run-before-faults", "not serving run fault-" + fault + ": " + type);
      }

      TestModels.promote(stack, store, checkpoints, MODEL, "run-after-faults", parameters);
      awaitServing("run-after-faults", null);
      assertThat(dlq.records("fault-")).isEmpty();
      assertThat(downloads(work)).containsExactlyInAnyOrderElementsOf(downloads);
    }
  }

  private static List<Path> downloads(Path work) throws IOException {
    try (Stream<Path> files = Files.list(work)) {
      return files
          .filter(file -> file.getFileName().toString().startsWith("stride-predictor-"))
          .toList();
    }
  }

  /** Readiness up with {@code run} served, and lastFailure starting so (or absent when null). */
  private static void awaitServing(String run, String failure) {
    Awaitility.await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                given()
                    .get("/q/health/ready")
                    .then()
                    .statusCode(200)
                    .body(CHECK + "run", equalTo(run))
                    .body(
                        CHECK + "lastFailure",
                        failure == null ? nullValue() : startsWith(failure)));
  }

  /** Points the registry at {@code key} and publishes the promotion. */
  private void point(String runId, String key) {
    store.putJson(
        ObjectKeys.currentModel(MODEL),
        new ModelPointer(
            MODEL, runId, key, "alexnet-mini", 0.5, null, "manual", OffsetDateTime.now()));
    publish(runId, key);
  }

  private void publish(String runId, String key) {
    try (EventTap tap = EventTap.open(stack.kafka().bootstrapServers(), List.of())) {
      tap.publish(new ModelPromoted(runId, MODEL, key, 0.5, null), "/test");
    }
  }
}
