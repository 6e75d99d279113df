package dev.stride.evaluator;

import dev.stride.nn.DeviceSetting;
import dev.stride.storage.CheckpointStore;
import dev.stride.storage.DatasetReader;
import dev.stride.storage.ObjectStore;
import dev.stride.storage.StoreRetryConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;
import org.jboss.logging.Logger;

/** The collaborators that come from configuration. */
public class EvaluatorBeans {

  private static final Logger LOG = Logger.getLogger(EvaluatorBeans.class);

  /**
   * Where checkpoints are scored, read when the evaluator starts: a setting that names no device,
   * or a GPU the engine does not see, stops the start (the exception says why), so no evaluator is
   * ready that would fail every evaluation. Made just before SmallRye starts Kafka's channels (at
   * LIBRARY_BEFORE), so such an evaluator never joins its group.
   */
  @Produces
  @Singleton
  @Startup(Interceptor.Priority.LIBRARY_BEFORE - 1)
  DeviceSetting device(EvaluatorConfig config) {
    DeviceSetting setting = DeviceSetting.of("evaluator.device", config.device());
    LOG.infof("computing on %s", setting);
    return setting;
  }

  @Produces
  @Singleton
  ObjectStore objectStore(EvaluatorConfig config, StoreRetryConfig retry, MeterRegistry registry) {
    ObjectStore store = ObjectStore.connect(config.store(), retry).withMetrics(registry);
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
