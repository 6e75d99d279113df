package dev.stride.evaluator.evaluation;

import ai.djl.engine.EngineException;
import dev.stride.data.ImageSet;
import dev.stride.nn.metrics.Classification;
import dev.stride.storage.CheckpointStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The real scorer, but a checkpoint of run {@code fault-<name>} throws what {@link #FAULTS} names
 * when it is loaded: after both checkpoints were fetched and checked and the test split read, as a
 * bug or the engine would. Enabled only by TrainingEventConsumerFaultsTest's profile.
 */
@Alternative
@ApplicationScoped
public class FaultyCheckpointScorer extends CheckpointScorer {

  /** What scoring may throw, by name: the trainer's RunFaultsTest list. */
  public static final Map<String, Supplier<Throwable>> FAULTS = faults();

  @Override
  public Classification score(CheckpointStore.Fetched fetched, ImageSet test) throws IOException {
    String runId = fetched.checkpoint().runId();
    Supplier<Throwable> fault = FAULTS.get(runId.replaceFirst("^fault-", ""));
    if (!runId.startsWith("fault-") || fault == null) {
      return super.score(fetched, test);
    }
    Throwable thrown = fault.get();
    if (thrown instanceof RuntimeException e) {
      throw e;
    }
    throw (Error) thrown;
  }

  private static Map<String, Supplier<Throwable>> faults() {
    Map<String, Supplier<Throwable>> faults = new TreeMap<>();
    faults.put("illegal-argument", () -> new IllegalArgumentException("bad argument"));
    faults.put("illegal-state", () -> new IllegalStateException("bad state"));
    faults.put("null-pointer", () -> new NullPointerException("null here"));
    faults.put("arithmetic", () -> new ArithmeticException("/ by zero"));
    faults.put("class-cast", () -> new ClassCastException("not a float array"));
    faults.put("index", () -> new IndexOutOfBoundsException("index 10 out of 10"));
    faults.put("unsupported", () -> new UnsupportedOperationException("no such op"));
    faults.put("unchecked-io", () -> new UncheckedIOException(new IOException("disk full")));
    faults.put("engine", () -> new EngineException("CUDA error: device-side assert"));
    faults.put("out-of-memory", () -> new OutOfMemoryError("Java heap space"));
    faults.put("stack-overflow", () -> new StackOverflowError());
    faults.put("assertion", () -> new AssertionError("shape mismatch"));
    return Map.copyOf(faults);
  }
}
