package dev.stride.predictor.model;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once a model is loaded: a replica without one takes no traffic. */
@Readiness
@ApplicationScoped
public class ModelReadiness implements HealthCheck {

  @Inject ModelServer server;

  @Override
  public HealthCheckResponse call() {
    return server
        .current()
        .map(
            model ->
                HealthCheckResponse.named("model")
                    .up()
                    .withData("run", model.pointer().runId())
                    .build())
        .orElseGet(() -> HealthCheckResponse.named("model").down().build());
  }
}
