package dev.stride.ingestion.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stride.contracts.Topics;
import dev.stride.contracts.events.DatasetFailed;
import dev.stride.contracts.events.DatasetIngestRequested;
import dev.stride.contracts.events.DatasetIngested;
import dev.stride.contracts.events.DatasetSource;
import dev.stride.contracts.events.InvalidFieldException;
import dev.stride.contracts.events.SplitSpec;
import dev.stride.contracts.events.SyntheticSpec;
import dev.stride.data.archive.DatasetFormatException;
import dev.stride.devstack.DevStack;
import dev.stride.devstack.DevStackTestResource;
import dev.stride.devstack.EventTap;
import dev.stride.devstack.InjectDevStack;
import dev.stride.storage.DatasetWriter;
import dev.stride.storage.ObjectNotFoundException;
import dev.stride.storage.StorageException;
import io.quarkus.arc.ClientProxy;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ConcurrentModificationException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whatever ingesting throws, the dataset ends failed, announced with a reason (or dead-lettered),
 * with a terminal status; and the consumer goes on: another dataset, and the same one again, are
 * ingested. Each fault is thrown once, by the read of one request, through the real consumer.
 */
@QuarkusTest
@QuarkusTestResource(DevStackTestResource.class)
class DatasetRequestConsumerFaultsTest {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @InjectDevStack DevStack stack;
  @Inject SourceReader reader;

  /** Synthetic seed → the fault its next read throws. */
  private final Map<Long, Throwable> armed = new ConcurrentHashMap<>();

  /** Each fault with a number of its own: its requests' seed, so their data is theirs alone. */
  static Stream<Arguments> faults() {
    List<Throwable> faults =
        List.of(
            new IllegalArgumentException("object name contains unsupported characters"),
            new InvalidFieldException("source.objectKey", "a field refused late"),
            new IllegalStateException("state went wrong"),
            new NullPointerException("a field was null"),
            new UncheckedIOException(new IOException("No space left on device")),
            new StorageException("get stride/uploads/x failed: InternalError (internal)", null),
            new ObjectNotFoundException("datasets/twin/manifest.json", null),
            new ArithmeticException("/ by zero"),
            new ArrayIndexOutOfBoundsException("Index 3073 out of bounds for length 3072"),
            new ClassCastException("class A cannot be cast to class B"),
            new UnsupportedOperationException("immutable"),
            new ConcurrentModificationException(),
            new IngestException(422, "a broken archive"),
            // checked exceptions a library may throw undeclared (Kotlin, Lombok's @SneakyThrows)
            new DatasetFormatException("data_batch_1.bin", 3073, "truncated record"),
            new IOException("Broken pipe"),
            new OutOfMemoryError("Java heap space"),
            new StackOverflowError(),
            new NoClassDefFoundError("Could not initialize class sun.awt.X11FontManager"),
            new AssertionError("an invariant broke"));
    return IntStream.range(0, faults.size()).mapToObj(i -> Arguments.of(7000L + i, faults.get(i)));
  }

  @BeforeEach
  void throwArmedFaults() {
    SourceReader real = ClientProxy.unwrap(reader);
    QuarkusMock.installMockForType(
        new SourceReader() {
          @Override
          DatasetWriter.Contents read(DatasetSource source, SplitSpec split, ProgressReporter p)
              throws IngestException {
            Throwable fault =
                source.synthetic() == null ? null : armed.remove(source.synthetic().seed());
            if (fault != null) {
              DatasetRequestConsumerFaultsTest.<RuntimeException>sneakyThrow(fault);
            }
            return real.read(source, split, p);
          }
        },
        SourceReader.class);
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("faults")
  void aFaultEndsTheDatasetFailedAndTheConsumerGoesOn(long seed, Throwable fault) {
    String id = "fault-" + seed + "-x";
    String other = "fault-" + seed + "-other";
    DatasetIngestRequested request =
        new DatasetIngestRequested(
            id, DatasetSource.ofSynthetic(new SyntheticSpec(20, 5, 5, seed)));
    armed.put(seed, fault);
    try (EventTap tap =
        EventTap.open(
            stack.kafka().bootstrapServers(),
            List.of(Topics.DATASET_EVENTS, Topics.deadLetter(Topics.DATASET_REQUESTS)))) {
      tap.publish(request, "/test");

      // failed: announced, or dead-lettered
      Awaitility.await()
          .atMost(WAIT)
          .until(
              () ->
                  !tap.events(DatasetFailed.class, id).isEmpty()
                      || tap.records(id).stream().anyMatch(DatasetRequestConsumerFaultsTest::dead));
      // and a terminal status, with the fault's status and no store internals
      given()
          .get("/api/v1/datasets/" + id)
          .then()
          .statusCode(200)
          .body("status", org.hamcrest.Matchers.equalTo("failed"))
          .body("httpStatus", org.hamcrest.Matchers.equalTo(expectedStatus(fault)))
          .body(
              "reason", org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("stride/")));

      // the consumer goes on: another dataset, then the same id again, taken afresh
      tap.publish(
          new DatasetIngestRequested(
              other, DatasetSource.ofSynthetic(new SyntheticSpec(20, 5, 5, seed + 100_000))),
          "/test");
      tap.publish(request, "/test");
      tap.await(DatasetIngested.class, e -> e.datasetId().equals(other), WAIT);
      assertThat(tap.await(DatasetIngested.class, e -> e.datasetId().equals(id), WAIT).train())
          .isEqualTo(20);
      assertThat(armed).isEmpty();
    }
  }

  private static int expectedStatus(Throwable fault) {
    if (fault instanceof IngestException ingest) {
      return ingest.status();
    }
    return fault instanceof StorageException ? 503 : 500;
  }

  private static boolean dead(ConsumerRecord<String, byte[]> record) {
    return record.topic().equals(Topics.deadLetter(Topics.DATASET_REQUESTS));
  }

  @SuppressWarnings("unchecked")
  private static <T extends Throwable> void sneakyThrow(Throwable fault) throws T {
    throw (T) fault;
  }
}
