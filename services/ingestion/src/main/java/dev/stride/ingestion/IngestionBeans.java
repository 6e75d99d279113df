package dev.stride.ingestion;

import dev.stride.storage.ObjectStore;
import dev.stride.storage.StoreRetryConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The collaborators that come from configuration. */
public class IngestionBeans {

  @Produces
  @Singleton
  @Startup
  ObjectStore objectStore(IngestionConfig config, StoreRetryConfig retry, MeterRegistry registry) {
    ObjectStore store = ObjectStore.connect(config.store(), retry).withMetrics(registry);
    store.ensureBucket();
    return store;
  }
}
