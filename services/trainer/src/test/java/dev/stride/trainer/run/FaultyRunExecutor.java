package dev.stride.trainer.run;

import dev.stride.contracts.events.RunRequested;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.util.Map;
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
  public static final Map<String, Supplier<Throwable>> FAULTS = dev.stride.nn.Faults.BY_NAME;

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
}
