package dev.stride.trainer.run;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Set;

/**
 * The real trainer, with FaultyRunExecutor and FaultyCancellations in place of theirs: runs and
 * cancels named for a fault throw it, every other one is handled as ever. One profile, so the fault
 * tests share one app start.
 */
public class Faults implements QuarkusTestProfile {
  @Override
  public Set<Class<?>> getEnabledAlternatives() {
    return Set.of(FaultyRunExecutor.class, FaultyCancellations.class);
  }
}
