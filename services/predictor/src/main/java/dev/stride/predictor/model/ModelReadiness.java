package dev.stride.predictor.model;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once a model is loaded: a replica without one takes no traffic. When the registry's latest
 * promotion could not be served, the check says why ({@code lastFailure}), up or down.
 */
@Readiness
@ApplicationScoped
public class ModelReadiness implements HealthCheck {

  @Inject ModelServer server;

  @Override
  public HealthCheckResponse call() {
    HealthCheckResponseBuilder check = HealthCheckResponse.named("model");
    server
        .current()
        .ifPresentOrElse(model -> check.up().withData("run", model.pointer().runId()), check::down);
    server.lastFailure().ifPresent(failure -> check.withData("lastFailure", failure));
    return check.build();
  }
}
