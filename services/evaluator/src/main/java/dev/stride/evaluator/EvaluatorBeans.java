package dev.stride.evaluator;

import dev.stride.storage.CheckpointStore;
import dev.stride.storage.DatasetReader;
import dev.stride.storage.ObjectStore;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The collaborators that come from configuration. */
public class EvaluatorBeans {

  @Produces
  @Singleton
  ObjectStore objectStore(EvaluatorConfig config) {
    ObjectStore store = ObjectStore.connect(config.store());
    store.ensureBucket();
    return store;
  }

  @Produces
  @Singleton
  DatasetReader datasets(ObjectStore store) {
    return new DatasetReader(store);
  }

  @Produces
  @Singleton
  CheckpointStore checkpoints(ObjectStore store) {
    return new CheckpointStore(store);
  }
}
