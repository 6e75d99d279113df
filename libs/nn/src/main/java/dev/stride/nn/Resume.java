package dev.stride.nn;

import java.nio.file.Path;
import java.util.List;

/**
 * Where a run picks up again: {@code epoch} is the epoch to continue, {@code batch} how many of its
 * batches were done (0: from its start), {@code parameters} the checkpoint to load and {@code
 * history} the epochs completed before.
 */
public record Resume(int epoch, int batch, Path parameters, List<EpochStats> history) {

  public Resume {
    history = List.copyOf(history);
    if (epoch < 1 || batch < 0) {
      throw new IllegalArgumentException(
          "resume at epoch " + epoch + ", batch " + batch + " is not a place in a run");
    }
  }
}
