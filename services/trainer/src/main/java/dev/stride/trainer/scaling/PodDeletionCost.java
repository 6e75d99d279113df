package dev.stride.trainer.scaling;

import dev.stride.trainer.TrainerConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.jboss.logging.Logger;

/**
 * Keeps this worker's pod-deletion-cost in step with its runs (trainer.pod-deletion-cost): high
 * while it trains, 0 when idle, so scaling the trainers in removes idle workers before busy ones.
 * The calls run on a thread of their own, in order; a failed one is logged and asked again at the
 * next change, and never touches a run.
 */
@ApplicationScoped
public class PodDeletionCost {

  private static final Logger LOG = Logger.getLogger(PodDeletionCost.class);

  @Inject TrainerConfig config;

  private DeletionCostPolicy policy;
  private PodPatcher patcher;
  private ExecutorService calls;

  /** Settings that cannot work (enabled without the pod's name) stop the worker at start. */
  void onStart(@Observes StartupEvent event) {
    if (patcher != null) {
      LOG.infof("marking this pod busy while it trains, at %s", patcher.pod());
    }
  }

  @PostConstruct
  void open() {
    TrainerConfig.PodDeletionCost settings = config.podDeletionCost();
    if (!settings.enabled()) {
      return;
    }
    String pod = required(settings.podName().orElse(null), "pod-name", "POD_NAME");
    String namespace =
        required(settings.podNamespace().orElse(null), "pod-namespace", "POD_NAMESPACE");
    policy = new DeletionCostPolicy(settings.busyCost());
    patcher =
        new PodPatcher(
            settings.apiUrl(),
            namespace,
            pod,
            settings.serviceAccountDirectory(),
            settings.timeout());
    calls =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread thread = new Thread(r, "trainer-pod-deletion-cost");
              thread.setDaemon(true);
              return thread;
            });
  }

  void onStop(@Observes ShutdownEvent event) {
    if (calls != null) {
      calls.shutdownNow();
    }
  }

  /** This worker now trains {@code active} runs. Never blocks, never throws. */
  public void runsActive(int active) {
    if (policy == null) {
      return;
    }
    policy
        .runsActive(active)
        .ifPresent(
            cost -> {
              try {
                calls.execute(() -> apply(cost));
              } catch (RejectedExecutionException e) {
                LOG.debugf("stopping: the pod-deletion-cost stays as it was (%s)", e.toString());
              }
            });
  }

  private void apply(long cost) {
    try {
      patcher.setDeletionCost(cost);
      LOG.infof("pod-deletion-cost set to %d", cost);
    } catch (IOException | RuntimeException e) {
      policy.failed(cost);
      LOG.warnf(
          "cannot set the pod-deletion-cost to %d (asked again at the next run change): %s",
          cost, e.toString());
    } catch (InterruptedException e) {
      policy.failed(cost);
      Thread.currentThread().interrupt();
    }
  }

  private static String required(String value, String key, String env) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(
          "trainer.pod-deletion-cost.enabled is true but trainer.pod-deletion-cost."
              + key
              + " is unset (set "
              + env
              + " from the downward API)");
    }
    return value;
  }
}
