package dev.stride.trainer;

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
public class TrainerBeans {

  private static final Logger LOG = Logger.getLogger(TrainerBeans.class);

  /**
   * Where runs train, read when the worker starts: a setting that names no device, or a GPU the
   * engine does not see, stops the start (the exception says why), so no worker is ready that would
   * fail every run. Made just before SmallRye starts Kafka's channels (at LIBRARY_BEFORE) and
   * before the request loop starts, so such a worker never joins the trainers group.
   */
  @Produces
  @Singleton
  @Startup(Interceptor.Priority.LIBRARY_BEFORE - 1)
  DeviceSetting device(TrainerConfig config) {
    DeviceSetting setting = DeviceSetting.of("trainer.device", config.device());
    LOG.infof("computing on %s", setting);
    return setting;
  }

  @Produces
  @Singleton
  ObjectStore objectStore(TrainerConfig config, StoreRetryConfig retry, MeterRegistry registry) {
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
