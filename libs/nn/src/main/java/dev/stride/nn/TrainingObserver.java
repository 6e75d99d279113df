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
   * The run stops in the middle of {@code epoch} after {@code batchesDone} of its batches, because
   * {@link #stopRequested()} said so; {@code model} holds the parameters of that moment (to
   * checkpoint, so the run can continue from there).
   */
  default void onInterrupted(int epoch, int batchesDone, Model model) {}

  /**
   * Polled between batches: true stops the run after the current batch, without finishing the
   * epoch.
   */
  default boolean stopRequested() {
    return false;
  }
}
