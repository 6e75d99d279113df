package dev.stride.console;

import dev.stride.console.registry.RunRegistry;
import dev.stride.storage.ObjectStore;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The collaborators that come from configuration. */
public class ConsoleBeans {

  @Produces
  @Singleton
  ObjectStore objectStore(ConsoleConfig config) {
    ObjectStore store = ObjectStore.connect(config.store());
    store.ensureBucket();
    return store;
  }

  @Produces
  @Singleton
  RunRegistry registry() {
    return new RunRegistry();
  }
}
