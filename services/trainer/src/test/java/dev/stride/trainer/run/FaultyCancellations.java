package dev.stride.trainer.run;

import dev.stride.contracts.events.RunCancelRequested;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.util.function.Supplier;

/**
 * The real cancellations, but a cancel of run {@code cancel-fault-<name>} throws what {@link
 * FaultyRunExecutor#FAULTS} names while it is handled, before anything is recorded, as a bug or the
 * store would. Enabled only by the tests' {@link Faults} profile.
 */
@Alternative
@ApplicationScoped
public class FaultyCancellations extends Cancellations {

  @Override
  public void cancel(RunCancelRequested request) {
    Supplier<Throwable> fault =
        FaultyRunExecutor.FAULTS.get(request.runId().replaceFirst("^cancel-fault-", ""));
    if (!request.runId().startsWith("cancel-fault-") || fault == null) {
      super.cancel(request);
      return;
    }
    Throwable thrown = fault.get();
    if (thrown instanceof RuntimeException e) {
      throw e;
    }
    throw (Error) thrown;
  }
}
