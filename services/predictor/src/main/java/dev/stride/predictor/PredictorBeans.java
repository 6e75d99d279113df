package dev.stride.predictor;

import dev.stride.observability.EventMetrics;
import dev.stride.observability.Tracing;
import dev.stride.storage.CheckpointStore;
import dev.stride.storage.ObjectStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The collaborators that come from configuration. */
public class PredictorBeans {

  @Produces
  @Singleton
  ObjectStore objectStore(PredictorConfig config, MeterRegistry registry) {
    return ObjectStore.connect(config.store()).withMetrics(registry);
  }

  @Produces
  @Singleton
  CheckpointStore checkpoints(ObjectStore store) {
    return new CheckpointStore(store);
  }

  @Produces
  @Singleton
  EventMetrics eventMetrics(MeterRegistry registry) {
    return new EventMetrics(registry);
  }

  @Produces
  @Singleton
  Tracing tracing(OpenTelemetry openTelemetry) {
    return new Tracing(openTelemetry);
  }
}
