package dev.stride.trainer.requests;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import dev.stride.contracts.ObjectKeys;
import dev.stride.contracts.Topics;
import dev.stride.contracts.events.CheckpointSaved;
import dev.stride.contracts.events.EpochCompleted;
import dev.stride.contracts.events.Hyperparameters;
import dev.stride.contracts.events.RunCompleted;
import dev.stride.contracts.events.RunFailed;
import dev.stride.contracts.events.RunRequested;
import dev.stride.contracts.events.RunStarted;
import dev.stride.contracts.objects.RunHistory;
import dev.stride.data.ImageSet;
import dev.stride.data.SyntheticCifar;
import dev.stride.devstack.DevStack;
import dev.stride.devstack.DevStackTestResource;
import dev.stride.devstack.EventTap;
import dev.stride.devstack.InjectDevStack;
import dev.stride.messaging.CloudEventsKafka;
import dev.stride.nn.Classifier;
import dev.stride.storage.CheckpointStore;
import dev.stride.storage.ObjectStore;
import dev.stride.trainer.run.TinyDataset;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(DevStackTestResource.class)
class TrainingRequestConsumerTest {

  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final String DATASET = "tiny";

  @InjectDevStack DevStack stack;
  @Inject ObjectStore store;
  @Inject CheckpointStore checkpoints;
  EventTap tap;

  @BeforeEach
  void seedDatasetAndOpenTap() {
    TinyDataset.ensure(store);
    tap =
        EventTap.open(
            stack.kafka().bootstrapServers(),
            List.of(Topics.TRAINING_EVENTS, Topics.deadLetter(Topics.TRAINING_REQUESTS)));
  }

  @AfterEach
  void closeTap() {
    tap.close();
  }

  @Test
  void trainsARunWithEventsCheckpointsAndHistory(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    tap.publish(
        request("run-ok", "alexnet-mini", new Hyperparameters(2, 32, null, 7L, null)), "/test");

    RunCompleted completed = tap.await(RunCompleted.class, e -> e.runId().equals("run-ok"), WAIT);

    RunStarted started = tap.events(RunStarted.class, "run-ok").get(0);
    assertThat(started.device()).isEqualTo(Device.cpu().toString());
    assertThat(started.parameterCount()).isEqualTo(2_023_370);
    List<EpochCompleted> epochs = tap.events(EpochCompleted.class, "run-ok");
    assertThat(epochs).extracting(EpochCompleted::epoch).containsExactly(1, 2);
    assertThat(epochs).allSatisfy(e -> assertThat(e.valAccuracy()).isBetween(0.0, 1.0));
    assertThat(tap.events(CheckpointSaved.class, "run-ok"))
        .extracting(CheckpointSaved::checkpointKey)
        .containsExactly(
            "runs/run-ok/checkpoints/epoch-0001/checkpoint.json",
            "runs/run-ok/checkpoints/epoch-0002/checkpoint.json");
    assertThat(completed.finalEpoch()).isEqualTo(2);
    assertThat(completed.checkpointKey())
        .isEqualTo("runs/run-ok/checkpoints/epoch-0002/checkpoint.json");
    assertThat(completed.bestCheckpointKey())
        .isEqualTo(
            "runs/run-ok/checkpoints/epoch-000" + completed.bestEpoch() + "/checkpoint.json");

    RunHistory history = store.getJson(completed.historyKey(), RunHistory.class);
    assertThat(history.status()).isEqualTo("completed");
    assertThat(history.epochs()).isEqualTo(epochs);
    assertThat(
            store
                .getJson(ObjectKeys.runSpec("run-ok"), RunRequested.class)
                .hyperparameters()
                .batchSize())
        .isEqualTo(32);
    // the final checkpoint is complete and scores the validation set as epoch 2 reported
    CheckpointStore.Fetched fetched = checkpoints.fetch(completed.checkpointKey(), dir);
    assertThat(fetched.checkpoint().classNames()).isEqualTo(SyntheticCifar.CLASS_NAMES);
    try (Classifier classifier =
        Classifier.load("alexnet-mini", 10, fetched.parameters(), Device.cpu())) {
      ImageSet validation = SyntheticCifar.generate(320, 1).slice(256, 320);
      assertThat(classifier.score(validation, 64).accuracy())
          .isEqualTo(epochs.get(1).valAccuracy());
    }
  }

  @Test
  void aRedeliveredRequestOfACompletedRunIsAnnouncedAgainNotRetrained() {
    RunRequested request =
        request("run-twice", "alexnet-mini", new Hyperparameters(1, 64, null, 1L, 2));
    RunCompleted first = trained(request);

    tap.publish(request, "/test");

    Awaitility.await()
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(tap.events(RunCompleted.class, "run-twice")).hasSize(2));
    assertThat(tap.events(RunCompleted.class, "run-twice").get(1)).isEqualTo(first);
    assertThat(tap.events(RunStarted.class, "run-twice")).hasSize(1);
  }

  @Test
  void refusesMoreEpochsThanTheCapBeforeTraining() {
    tap.publish(
        request(
            "run-forever", "alexnet-mini", new Hyperparameters(Integer.MAX_VALUE, 1, null, 1L, 1)),
        "/test");

    RunFailed failed = tap.await(RunFailed.class, e -> e.runId().equals("run-forever"), WAIT);

    assertThat(failed)
        .extracting(RunFailed::field, RunFailed::reason)
        .containsExactly(
            "hyperparameters.epochs",
            "hyperparameters.epochs is 2147483647; this trainer trains at most 1000 epochs a run"
                + " (trainer.max-epochs)");
    assertThat(tap.events(RunStarted.class, "run-forever")).isEmpty();
    assertThat(store.list(ObjectKeys.runPrefix("run-forever"))).isEmpty();
  }

  @Test
  void keepsTheNewestThreeCheckpointsAndTheBestAndSaysWhatTheRunStores() {
    tap.publish(
        request("run-keep", "alexnet-mini", new Hyperparameters(6, 64, null, 3L, 1)), "/test");

    RunCompleted completed = tap.await(RunCompleted.class, e -> e.runId().equals("run-keep"), WAIT);

    // what is left: the checkpoints of epochs 4 to 6, and the best if it is older
    java.util.Set<String> expected = new java.util.TreeSet<>();
    for (int epoch : List.of(4, 5, 6, completed.bestEpoch())) {
      expected.add(CheckpointStore.documentKey("run-keep", epoch));
    }
    assertThat(
            store.list(ObjectKeys.checkpoints("run-keep")).stream()
                .map(dev.stride.storage.ObjectInfo::key)
                .filter(key -> key.endsWith("/checkpoint.json"))
                .sorted())
        .containsExactlyElementsOf(expected);
    assertThat(completed.storedBytes())
        .isEqualTo(
            store.list(ObjectKeys.runPrefix("run-keep")).stream()
                .mapToLong(dev.stride.storage.ObjectInfo::size)
                .sum());
  }

  @Test
  void aReusedRunIdWithOtherSettingsIsRefusedAndTheSameSettingsCompleteAgain() {
    RunRequested original =
        request("run-reused", "alexnet-mini", new Hyperparameters(1, 64, null, 1L, 1));
    RunCompleted first = trained(original);
    byte[] history = store.get(ObjectKeys.runHistory("run-reused"));
    byte[] spec = store.get(ObjectKeys.runSpec("run-reused"));

    tap.publish(
        request("run-reused", "alexnet-mini", new Hyperparameters(2, 32, 0.5, 9L, 1)), "/test");
    RunFailed refused = tap.await(RunFailed.class, e -> e.runId().equals("run-reused"), WAIT);
    tap.publish(original, "/test");

    assertThat(refused.field()).isEqualTo("runId");
    assertThat(refused.reason())
        .isEqualTo(
            "run id already used: run run-reused was requested before with other settings;"
                + " choose a new run id");
    Awaitility.await()
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(tap.events(RunCompleted.class, "run-reused")).hasSize(2));
    assertThat(tap.events(RunCompleted.class, "run-reused").get(1)).isEqualTo(first);
    assertThat(tap.events(RunStarted.class, "run-reused")).hasSize(1);
    assertThat(store.get(ObjectKeys.runHistory("run-reused"))).isEqualTo(history);
    assertThat(store.get(ObjectKeys.runSpec("run-reused"))).isEqualTo(spec);
  }

  @Test
  void refusesBadRequestsWithRunFailedNamingTheField() {
    byte[] negativeBatch =
        "{\"runId\":\"run-neg\",\"datasetId\":\"tiny\",\"hyperparameters\":{\"batchSize\":-1}}"
            .getBytes(StandardCharsets.UTF_8);
    ProducerRecord<String, byte[]> valid =
        dev.stride.messaging.CloudEventsKafka.toRecord(request("run-neg", null, null), "/test");
    tap.send(new ProducerRecord<>(valid.topic(), null, "run-neg", negativeBatch, valid.headers()));
    tap.publish(request("run-arch", "vgg-99", null), "/test");
    tap.publish(new RunRequested("run-nodata", "no-such-dataset", null, null, null), "/test");

    RunFailed negative = tap.await(RunFailed.class, e -> e.runId().equals("run-neg"), WAIT);
    RunFailed architecture = tap.await(RunFailed.class, e -> e.runId().equals("run-arch"), WAIT);
    RunFailed dataset = tap.await(RunFailed.class, e -> e.runId().equals("run-nodata"), WAIT);

    assertThat(negative.field()).isEqualTo("hyperparameters.batchSize");
    assertThat(negative.reason())
        .isEqualTo(
            "dev.stride.training.run-requested.v1: hyperparameters.batchSize must be positive, was -1");
    assertThat(architecture.field()).isEqualTo("architecture");
    assertThat(architecture.reason())
        .isEqualTo(
            "unknown architecture 'vgg-99'; known: alexnet-mini, alexnet-mini-bn, all-conv, resnet-20");
    assertThat(dataset.field()).isEqualTo("datasetId");
    assertThat(dataset.reason())
        .isEqualTo(
            "no dataset 'no-such-dataset': datasets/no-such-dataset/manifest.json does not exist");
  }

  @Test
  void anOutsideRequestBreakingTheSchemaGetsRunFailedNamingTheField() {
    byte[] textBatch =
        "{\"runId\":\"run-text\",\"datasetId\":\"tiny\",\"hyperparameters\":{\"batchSize\":\"big\"}}"
            .getBytes(StandardCharsets.UTF_8);
    ProducerRecord<String, byte[]> valid =
        dev.stride.messaging.CloudEventsKafka.toRecord(request("run-text", null, null), "/outside");
    tap.send(new ProducerRecord<>(valid.topic(), null, "run-text", textBatch, valid.headers()));

    RunFailed failed = tap.await(RunFailed.class, e -> e.runId().equals("run-text"), WAIT);

    assertThat(failed.field()).isEqualTo("hyperparameters.batchSize");
    assertThat(failed.reason())
        .isEqualTo(
            "dev.stride.training.run-requested.v1 does not match its schema:"
                + " hyperparameters.batchSize: string found, [integer, null] expected");
  }

  @Test
  void skipsANewerMajorVersionAndReadsANewerMinorVersion() {
    // both keyed run-next: one partition, so the second is read after the first was handled
    ProducerRecord<String, byte[]> valid =
        dev.stride.messaging.CloudEventsKafka.toRecord(
            request("run-next", "vgg-99", null), "/outside");
    RecordHeaders v2 = new RecordHeaders(valid.headers().toArray());
    v2.remove(CloudEventsKafka.HEADER_TYPE);
    v2.add(CloudEventsKafka.HEADER_TYPE, "dev.stride.training.run-requested.v2".getBytes());
    tap.send(
        new ProducerRecord<>(
            valid.topic(), null, "run-next", "{\"run\":{\"id\":7}}".getBytes(), v2));
    byte[] newerMinor =
        ("{\"runId\":\"run-next\",\"datasetId\":\"tiny\",\"architecture\":\"vgg-99\","
                + "\"priority\":\"high\",\"hyperparameters\":{\"warmupEpochs\":1}}")
            .getBytes(StandardCharsets.UTF_8);
    tap.send(new ProducerRecord<>(valid.topic(), null, "run-next", newerMinor, valid.headers()));

    RunFailed failed = tap.await(RunFailed.class, e -> e.runId().equals("run-next"), WAIT);

    // the v2 record was skipped (no RunFailed, no dead letter); the v1.x one was read, its
    // unknown fields passed over, and refused for its architecture only
    assertThat(failed.field()).isEqualTo("architecture");
    assertThat(tap.events(RunFailed.class, "run-next")).hasSize(1);
    assertThat(tap.events(RunStarted.class, "run-next")).isEmpty();
  }

  @Test
  void deadLettersARecordThatIsNoEventAndGoesOn() {
    tap.send(new ProducerRecord<>(Topics.TRAINING_REQUESTS, "junk", "{oops".getBytes()));
    tap.publish(
        request("run-after-junk", "alexnet-mini", new Hyperparameters(1, 64, null, 1L, 1)),
        "/test");

    tap.await(RunCompleted.class, e -> e.runId().equals("run-after-junk"), WAIT);
    Awaitility.await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              List<ConsumerRecord<String, byte[]>> dead =
                  tap.records().stream()
                      .filter(r -> r.topic().equals("training.requests.dlq"))
                      // the devstack is shared: other tests dead-letter records of their own
                      .filter(r -> "junk".equals(r.key()))
                      .toList();
              assertThat(dead).hasSize(1);
              assertThat(EventTap.header(dead.get(0), "dead-letter-reason"))
                  .isEqualTo("not a CloudEvents 1.0 message: header ce_specversion is absent");
            });
  }

  /** Sends the request and waits for its run to complete. */
  private RunCompleted trained(RunRequested request) {
    tap.publish(request, "/test");
    return tap.await(RunCompleted.class, e -> e.runId().equals(request.runId()), WAIT);
  }

  private static RunRequested request(String runId, String architecture, Hyperparameters hyper) {
    return new RunRequested(runId, DATASET, architecture, null, hyper);
  }
}
