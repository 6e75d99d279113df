package dev.stride.predictor;

import dev.stride.storage.CheckpointStore;
import dev.stride.storage.ObjectStore;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The collaborators that come from configuration. */
public class PredictorBeans {

  @Produces
  @Singleton
  ObjectStore objectStore(PredictorConfig config) {
    return ObjectStore.connect(config.store());
  }

  @Produces
  @Singleton
  CheckpointStore checkpoints(ObjectStore store) {
    return new CheckpointStore(store);
  }
}
