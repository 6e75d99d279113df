package dev.stride.trainer.run;

/** How handling a request ended, which decides whether it is acknowledged. */
public enum RunOutcome {
  /** Trained to the end (or had been): RunCompleted is published. Acknowledge. */
  COMPLETED,
  /** Refused with RunFailed: retrying cannot help. Acknowledge. */
  FAILED,
  /** Stopped by a cancel on training.control, RunCancelled published. Acknowledge. */
  CANCELLED,
  /**
   * Stopped before the end because this worker lost the run or is shutting down. Do not
   * acknowledge.
   */
  STOPPED
}
