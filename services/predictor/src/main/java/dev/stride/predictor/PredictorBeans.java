package dev.stride.predictor;

import dev.stride.nn.DeviceSetting;
import dev.stride.storage.CheckpointStore;
import dev.stride.storage.ObjectStore;
import dev.stride.storage.StoreRetryConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;
import org.jboss.logging.Logger;

/** The collaborators that come from configuration. */
public class PredictorBeans {

  private static final Logger LOG = Logger.getLogger(PredictorBeans.class);

  /**
   * Where served models run, read when the predictor starts: a setting that names no device, or a
   * GPU the engine does not see, stops the start (the exception says why), so no replica is ready
   * that could load no model. Made just before SmallRye starts Kafka's channels (at LIBRARY_BEFORE)
   * and before the first registry read.
   */
  @Produces
  @Singleton
  @Startup(Interceptor.Priority.LIBRARY_BEFORE - 1)
  DeviceSetting device(PredictorConfig config) {
    DeviceSetting setting = DeviceSetting.of("predictor.device", config.device());
    LOG.infof("computing on %s", setting);
    return setting;
  }

  @Produces
  @Singleton
  ObjectStore objectStore(PredictorConfig config, StoreRetryConfig retry, MeterRegistry registry) {
    return ObjectStore.connect(config.store(), retry).withMetrics(registry);
  }

  @Produces
  @Singleton
  CheckpointStore checkpoints(ObjectStore store) {
    return new CheckpointStore(store);
  }
}
