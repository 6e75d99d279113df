package dev.stride.console;

import dev.stride.console.registry.ReplayProgress;
import dev.stride.console.registry.RunRegistry;
import dev.stride.storage.ObjectStore;
import dev.stride.storage.StoreRetryConfig;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The collaborators that come from configuration. */
public class ConsoleBeans {

  @Produces
  @Singleton
  ObjectStore objectStore(ConsoleConfig config, StoreRetryConfig retry, MeterRegistry registry) {
    ObjectStore store = ObjectStore.connect(config.store(), retry).withMetrics(registry);
    store.ensureBucket();
    return store;
  }

  @Produces
  @Singleton
  RunRegistry registry() {
    return new RunRegistry();
  }

  @Produces
  @Singleton
  ReplayProgress replayProgress() {
    return new ReplayProgress();
  }
}
