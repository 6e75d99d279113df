package dev.stride.messaging;

import dev.stride.observability.EventMetrics;
import dev.stride.observability.Tracing;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The event meters and the tracer every service's publisher and consumers use, over the meter
 * registry and OpenTelemetry its Quarkus extensions provide.
 */
@Dependent
public class MessagingBeans {

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
