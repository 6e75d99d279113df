package dev.stride.trainer.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stride.contracts.Topics;
import dev.stride.contracts.events.EpochCompleted;
import dev.stride.contracts.events.Hyperparameters;
import dev.stride.contracts.events.RunCancelRequested;
import dev.stride.contracts.events.RunCancelled;
import dev.stride.contracts.events.RunCompleted;
import dev.stride.contracts.events.RunFailed;
import dev.stride.contracts.events.RunRequested;
import dev.stride.contracts.events.RunStarted;
import dev.stride.contracts.objects.Checkpoint;
import dev.stride.devstack.DevStack;
import dev.stride.devstack.DevStackTestResource;
import dev.stride.devstack.EventTap;
import dev.stride.devstack.InjectDevStack;
import dev.stride.messaging.CloudEventsKafka;
import dev.stride.storage.ObjectStore;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Architectures as data, the run's artifacts, cancels, early stopping and request checks. */
@QuarkusTest
@QuarkusTestResource(DevStackTestResource.class)
class RunFeaturesTest {

  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TINY_SPEC =
      """
      {"name": "tiny", "layers": [
        {"type": "conv", "filters": 8, "kernel": 3, "padding": "same", "activation": "relu"},
        {"type": "maxpool", "size": 2},
        {"type": "conv", "filters": 16, "kernel": 3, "padding": "same", "activation": "relu"},
        {"type": "globalavgpool"},
        {"type": "dense", "units": "classes"}]}
      """;

  @InjectDevStack DevStack stack;
  @Inject ObjectStore store;
  EventTap tap;

  @BeforeEach
  void seed() {
    TinyDataset.ensure(store);
    tap = EventTap.open(stack.kafka().bootstrapServers(), List.of(Topics.TRAINING_EVENTS));
  }

  @AfterEach
  void close() {
    tap.close();
  }

  @Test
  void trainsAnInlineSpecAndStoresItsSummaryDiagramAndFilters() throws Exception {
    tap.publish(
        new RunRequested(
            "run-spec",
            TinyDataset.ID,
            null,
            JSON.readTree(TINY_SPEC),
            null,
            new Hyperparameters(2, 64, null, 3L, null)),
        "/test");

    RunCompleted completed = tap.await(RunCompleted.class, e -> e.runId().equals("run-spec"), WAIT);

    assertThat(completed.architecture()).isEqualTo("tiny");
    assertThat(completed.artifacts())
        .containsEntry("summary", "runs/run-spec/model/summary.txt")
        .containsEntry("diagram", "runs/run-spec/model/diagram.svg")
        .containsEntry("history", "runs/run-spec/history.json")
        .containsEntry("filters/conv2d", "runs/run-spec/filters/conv2d.png")
        .containsEntry("filters/conv2d_1", "runs/run-spec/filters/conv2d_1.png");
    assertThat(new String(store.get("runs/run-spec/model/summary.txt"), StandardCharsets.UTF_8))
        .startsWith("Model: \"tiny\"")
        .contains("Total params: ");
    assertThat(new String(store.get("runs/run-spec/model/diagram.svg"), StandardCharsets.UTF_8))
        .contains("<svg");
    assertThat(store.get("runs/run-spec/filters/conv2d.png"))
        .startsWith(new byte[] {(byte) 0x89, 'P', 'N', 'G'});
    // the checkpoint carries the spec, so evaluator and predictor can rebuild the network
    Checkpoint checkpoint = store.getJson(completed.checkpointKey(), Checkpoint.class);
    assertThat(checkpoint.architectureSpec().get("name").asText()).isEqualTo("tiny");
    assertThat(checkpoint.normalization()).isEqualTo("scale");
  }

  @Test
  void refusesAnImpossibleSpecOrValueNamingTheField() throws Exception {
    String tooSmall =
        """
        {"name": "shrinks", "layers": [
          {"type": "conv", "filters": 4, "kernel": 3, "stride": 3},
          {"type": "maxpool", "size": 11},
          {"type": "flatten"},
          {"type": "dense", "units": "classes"}]}
        """;
    tap.publish(
        new RunRequested("run-bad-spec", TinyDataset.ID, null, JSON.readTree(tooSmall), null, null),
        "/test");
    ProducerRecord<String, byte[]> valid =
        CloudEventsKafka.toRecord(
            new RunRequested("run-bad-norm", TinyDataset.ID, null, null, null), "/test");
    tap.send(
        new ProducerRecord<>(
            valid.topic(),
            null,
            "run-bad-norm",
            "{\"runId\":\"run-bad-norm\",\"datasetId\":\"tiny\",\"hyperparameters\":{\"normalization\":\"zscore\"}}"
                .getBytes(StandardCharsets.UTF_8),
            valid.headers()));

    RunFailed spec = tap.await(RunFailed.class, e -> e.runId().equals("run-bad-spec"), WAIT);
    RunFailed normalization =
        tap.await(RunFailed.class, e -> e.runId().equals("run-bad-norm"), WAIT);

    assertThat(spec.field()).isEqualTo("architectureSpec.layers[1]");
    assertThat(spec.reason()).startsWith("layer 2 maxpool: ");
    assertThat(normalization.field()).isEqualTo("hyperparameters.normalization");
  }

  @Test
  void refusesAModelOverTheParameterCapBeforeBuildingIt() throws Exception {
    // 3072 inputs × 40,000 units: 122,920,000 parameters in layer 2, over the 100 M default
    String huge =
        """
        {"name": "huge", "layers": [
          {"type": "flatten"},
          {"type": "dense", "units": 40000},
          {"type": "dense", "units": "classes"}]}
        """;
    tap.publish(
        new RunRequested("run-huge", TinyDataset.ID, null, JSON.readTree(huge), null, null),
        "/test");

    RunFailed failed = tap.await(RunFailed.class, e -> e.runId().equals("run-huge"), WAIT);

    assertThat(failed.field()).isEqualTo("architectureSpec.layers[1]");
    assertThat(failed.reason())
        .contains("at most 100000000 are allowed")
        .endsWith("(trainer.max-model-params, trainer.max-activation-bytes)");
    assertThat(tap.events(RunStarted.class, "run-huge")).isEmpty();
  }

  @Test
  void aCancelStopsTheRunAndAnyLaterRequestForIt() throws Exception {
    RunRequested request =
        new RunRequested(
            "run-cancel",
            TinyDataset.ID,
            null,
            JSON.readTree(TINY_SPEC),
            null,
            new Hyperparameters(200, 32, null, 1L, null));
    tap.publish(request, "/test");
    tap.await(EpochCompleted.class, e -> e.runId().equals("run-cancel"), WAIT);

    tap.publish(new RunCancelRequested("run-cancel", "wrong learning rate"), "/test");

    RunCancelled cancelled =
        tap.await(RunCancelled.class, e -> e.runId().equals("run-cancel"), WAIT);
    assertThat(cancelled.reason()).isEqualTo("wrong learning rate");
    assertThat(cancelled.epoch()).isBetween(1, 199);
    // the same request again is cancelled again, not trained
    tap.publish(request, "/test");
    Awaitility.await()
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(tap.events(RunCancelled.class, "run-cancel")).hasSize(2));
    assertThat(tap.events(RunStarted.class, "run-cancel")).hasSize(1);
    assertThat(tap.events(RunCompleted.class, "run-cancel")).isEmpty();
  }

  @Test
  void stopsEarlyWhenValidationLossStopsImproving() throws Exception {
    Hyperparameters hyper =
        new Hyperparameters(
            6,
            64,
            null,
            2L,
            null,
            null,
            null,
            null,
            null,
            new Hyperparameters.EarlyStoppingSpec(1, 100.0),
            null);
    tap.publish(
        new RunRequested("run-early", TinyDataset.ID, null, JSON.readTree(TINY_SPEC), null, hyper),
        "/test");

    RunCompleted completed =
        tap.await(RunCompleted.class, e -> e.runId().equals("run-early"), WAIT);

    // nothing improves val_loss by 100: the second epoch is the last
    assertThat(completed.stoppedEarly()).isTrue();
    assertThat(completed.finalEpoch()).isEqualTo(2);
    assertThat(tap.events(EpochCompleted.class, "run-early"))
        .extracting(EpochCompleted::epoch)
        .containsExactly(1, 2);
  }
}
