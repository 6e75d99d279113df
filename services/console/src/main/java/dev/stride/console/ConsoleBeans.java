package dev.stride.console;

import dev.stride.console.registry.ReplayProgress;
import dev.stride.console.registry.RunRegistry;
import dev.stride.observability.EventMetrics;
import dev.stride.observability.Tracing;
import dev.stride.storage.ObjectStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The collaborators that come from configuration. */
public class ConsoleBeans {

  @Produces
  @Singleton
  ObjectStore objectStore(ConsoleConfig config, MeterRegistry registry) {
    ObjectStore store = ObjectStore.connect(config.store()).withMetrics(registry);
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
  EventMetrics eventMetrics(MeterRegistry registry) {
    return new EventMetrics(registry);
  }

  @Produces
  @Singleton
  ReplayProgress replayProgress() {
    return new ReplayProgress();
  }

  @Produces
  @Singleton
  Tracing tracing(OpenTelemetry openTelemetry) {
    return new Tracing(openTelemetry);
  }
}
