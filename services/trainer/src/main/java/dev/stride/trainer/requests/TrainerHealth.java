package dev.stride.trainer.requests;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** Live while the request loop runs, however long the current runs take. */
@Liveness
@ApplicationScoped
public class TrainerHealth implements HealthCheck {

  @Inject TrainingRequestConsumer requests;

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named("training-requests")
        .status(requests.isAlive())
        .withData(
            "runs",
            requests.activeRuns().isEmpty() ? "none" : String.join(",", requests.activeRuns()))
        .build();
  }
}
