package dev.stride.nn;

import ai.djl.engine.EngineException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * What a bug, the engine or the machine may throw while a model is trained, scored or loaded, by
 * name: the unchecked exceptions and errors that the services' fault property tests throw through
 * each consumer (trainer, evaluator, predictor), each expecting the same answer for every one.
 */
public final class Faults {

  /** Each fault by its name, which tests put in a run id ({@code fault-<name>}). */
  public static final Map<String, Supplier<Throwable>> BY_NAME = faults();

  private Faults() {}

  /** Throws the fault named {@code name}; it is unchecked, so no caller has to declare it. */
  public static void raise(String name) {
    Throwable thrown = BY_NAME.get(name).get();
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
