package dev.stride.trainer.run;

import dev.stride.contracts.events.RunRequested;
import dev.stride.nn.DeviceMemory;
import dev.stride.nn.DeviceSetting;
import dev.stride.nn.ModelLimits;
import dev.stride.storage.DatasetReader;
import dev.stride.storage.DatasetUnavailableException;
import dev.stride.trainer.TrainerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * Whether a worker already training runs has room for one more on its device: the device's free
 * memory, measured now, against the new run's estimated need times trainer.run-memory-factor. A run
 * that does not fit is not started, rather than failed with an out-of-memory error: its request
 * waits, unacknowledged, until one of the worker's runs ends. A lone run is always taken, and so is
 * a request that cannot be planned: the executor refuses it with the field at fault.
 */
@ApplicationScoped
public class RunAdmission {

  private static final long MIB = 1024 * 1024;

  @Inject TrainerConfig config;
  @Inject DeviceSetting device;
  @Inject DatasetReader datasets;

  /** Why the run is not taken now, or empty if it is. */
  public Optional<String> refusal(RunRequested request, int running) {
    if (running == 0) {
      return Optional.empty();
    }
    long need;
    try {
      need =
          RunPlan.of(
                  request,
                  datasets.manifest(request.datasetId()),
                  new ModelLimits(config.maxModelParams(), config.maxActivationBytes()))
              .deviceBytes(request.hyperparameters().batchSize());
    } catch (RequestException | DatasetUnavailableException e) {
      return Optional.empty();
    }
    var target = device.devices(request.hyperparameters().devices())[0];
    return decide(need, DeviceMemory.free(target), config.runMemoryFactor(), target.toString());
  }

  /**
   * The rule itself: refused when {@code free} is below {@code need × factor}; a free figure that
   * could not be read ({@code < 0}) refuses nothing.
   */
  static Optional<String> decide(long need, long free, double factor, String device) {
    if (free < 0 || free >= need * factor) {
      return Optional.empty();
    }
    return Optional.of(
        String.format(
            "needs about %d MiB on %s (%.1f × the %d MiB estimate), %d MiB free",
            Math.round(need * factor / MIB), device, factor, need / MIB, free / MIB));
  }
}
