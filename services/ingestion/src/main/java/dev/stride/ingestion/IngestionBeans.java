package dev.stride.ingestion;

import dev.stride.storage.ObjectStore;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The collaborators that come from configuration. */
public class IngestionBeans {

  @Produces
  @Singleton
  @Startup
  ObjectStore objectStore(IngestionConfig config) {
    ObjectStore store = ObjectStore.connect(config.store());
    store.ensureBucket();
    return store;
  }
}
