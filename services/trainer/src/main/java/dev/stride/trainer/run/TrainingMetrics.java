package dev.stride.trainer.run;

import dev.stride.nn.EpochStats;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A worker's training speed: {@code stride_training_images_per_second}, the training throughput of
 * its last epoch (a worker trains one run at a time), and {@code stride_training_epoch_seconds},
 * the time of every epoch with its validation, as a histogram.
 */
@ApplicationScoped
public class TrainingMetrics {

  private final AtomicLong imagesPerSecondBits = new AtomicLong(Double.doubleToLongBits(0));
  private final Timer epochs;

  @Inject
  TrainingMetrics(MeterRegistry registry) {
    Gauge.builder(
            "stride.training.images.per.second",
            imagesPerSecondBits,
            bits -> Double.longBitsToDouble(bits.get()))
        .description("Training images per second in the last epoch this worker finished")
        .register(registry);
    epochs =
        Timer.builder("stride.training.epoch")
            .description("Time of one epoch, validation included")
            .serviceLevelObjectives(
                Duration.ofSeconds(1),
                Duration.ofSeconds(10),
                Duration.ofMinutes(1),
                Duration.ofMinutes(5),
                Duration.ofMinutes(30))
            .register(registry);
  }

  void onEpoch(EpochStats epoch) {
    imagesPerSecondBits.set(Double.doubleToLongBits(epoch.imagesPerSecond()));
    epochs.record(Duration.ofNanos((long) (epoch.seconds() * 1e9)));
  }
}
