package dev.stride.trainer.run;

import java.util.List;

/**
 * Where a run starts on this worker: {@code epoch} 1 for a new run; else the epoch it continues,
 * the checkpoint it continues from, and why each newer checkpoint was refused as torn.
 */
record StartPoint(int epoch, String resumedFrom, List<String> refusedCheckpoints) {

  StartPoint {
    refusedCheckpoints = List.copyOf(refusedCheckpoints);
  }

  /** A run with no whole checkpoint starts at epoch 1 (having refused any torn ones). */
  static StartPoint fresh(List<String> refusedCheckpoints) {
    return new StartPoint(1, null, refusedCheckpoints);
  }
}
