package dev.stride.nn;

import ai.djl.Model;

/**
 * What the training loop tells its caller, on the training thread. The trainer service turns these
 * into events and checkpoints; a benchmark may ignore them.
 */
public interface TrainingObserver {

  /** Parameters are initialised on {@code device}; training is about to begin. */
  default void onStart(String device, long parameterCount) {}

  /** Sent at most once per progress interval while an epoch runs. */
  default void onProgress(
      int epoch, int batch, int batches, double imagesPerSecond, double etaSeconds) {}

  /** An epoch was trained and validated; {@code model} holds its parameters (to checkpoint). */
  default void onEpoch(EpochStats stats, Model model) {}

  /**
   * Polled between batches: true stops the run after the current batch, without finishing the
   * epoch.
   */
  default boolean stopRequested() {
    return false;
  }
}
