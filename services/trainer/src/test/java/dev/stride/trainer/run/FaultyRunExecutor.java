package dev.stride.trainer.run;

import ai.djl.engine.EngineException;
import dev.stride.contracts.events.RunRequested;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The real executor, but a run whose id is {@code fault-<name>} throws what {@link #FAULTS} names
 * at its first batch boundary: after RunStarted, inside the training loop, as a bug or the engine
 * would. Enabled only by the tests' {@link Faults} profile.
 */
@Alternative
@ApplicationScoped
public class FaultyRunExecutor extends RunExecutor {

  /** What a run's execution may throw, by name. Outages (StorageException...) are not here. */
  public static final Map<String, Supplier<Throwable>> FAULTS = faults();

  @Override
  public RunOutcome run(RunRequested request, BooleanSupplier stop) {
    Supplier<Throwable> fault = FAULTS.get(request.runId().replaceFirst("^fault-", ""));
    if (!request.runId().startsWith("fault-") || fault == null) {
      return super.run(request, stop);
    }
    return super.run(
        request,
        () -> {
          Throwable thrown = fault.get();
          if (thrown instanceof RuntimeException e) {
            throw e;
          }
          throw (Error) thrown;
        });
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
