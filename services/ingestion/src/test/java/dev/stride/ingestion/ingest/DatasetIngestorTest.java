package dev.stride.ingestion.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stride.contracts.Topics;
import dev.stride.contracts.events.DatasetFailed;
import dev.stride.contracts.events.DatasetIngestRequested;
import dev.stride.contracts.events.DatasetIngested;
import dev.stride.contracts.events.DatasetSource;
import dev.stride.contracts.events.SplitSpec;
import dev.stride.contracts.events.SyntheticSpec;
import dev.stride.devstack.DevStack;
import dev.stride.devstack.DevStackTestResource;
import dev.stride.devstack.EventTap;
import dev.stride.devstack.InjectDevStack;
import dev.stride.storage.DatasetWriter;
import io.quarkus.arc.ClientProxy;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What ingestion does when it breaks for a reason that is not the request's. */
@QuarkusTest
@QuarkusTestResource(DevStackTestResource.class)
class DatasetIngestorTest {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @InjectDevStack DevStack stack;
  @Inject SourceReader reader;

  @Test
  void aFaultOfTheMachineIsAnnouncedAndTheSameDatasetCanBeRequestedAgain() {
    // the first read breaks as drawing the preview broke on a GPU machine without fonts: with a
    // java.lang.Error, which no catch of the request's own faults sees
    SourceReader real = ClientProxy.unwrap(reader);
    AtomicInteger reads = new AtomicInteger();
    QuarkusMock.installMockForType(
        new SourceReader() {
          @Override
          DatasetWriter.Contents read(DatasetSource source, SplitSpec split, ProgressReporter p)
              throws IngestException {
            if (reads.getAndIncrement() == 0) {
              throw new Error("Probable fatal error: No physical fonts found.");
            }
            return real.read(source, split, p);
          }
        },
        SourceReader.class);
    DatasetIngestRequested request =
        new DatasetIngestRequested(
            "broken-once", DatasetSource.ofSynthetic(new SyntheticSpec(20, 5, 5, 5L)));
    try (EventTap tap =
        EventTap.open(
            stack.kafka().bootstrapServers(),
            List.of(Topics.DATASET_EVENTS, Topics.deadLetter(Topics.DATASET_REQUESTS)))) {
      tap.publish(request, "/test");
      DatasetFailed failed =
          tap.await(DatasetFailed.class, e -> e.datasetId().equals("broken-once"), WAIT);
      assertThat(failed.reason())
          .isEqualTo(
              "ingestion failed: java.lang.Error: Probable fatal error: No physical fonts found.");

      // not left "ingesting": the same request is served once the machine is mended
      tap.publish(request, "/test");
      DatasetIngested ingested =
          tap.await(DatasetIngested.class, e -> e.datasetId().equals("broken-once"), WAIT);
      assertThat(ingested.train()).isEqualTo(20);
      assertThat(reads).hasValue(2);
      assertThat(tap.records("broken-once"))
          .noneMatch(r -> r.topic().equals(Topics.deadLetter(Topics.DATASET_REQUESTS)));
    }
  }
}
