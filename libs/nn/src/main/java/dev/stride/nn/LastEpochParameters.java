package dev.stride.nn;

import ai.djl.Model;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * An observer that writes the parameters to one file after every epoch, so that when the loop ends
 * the file holds the last epoch's, ready for {@link Classifier#load}. For benchmarks and tests; the
 * trainer service keeps every epoch as a checkpoint instead.
 */
public final class LastEpochParameters implements TrainingObserver {

  private final Path file;

  public LastEpochParameters(Path file) {
    this.file = file;
  }

  @Override
  public void onEpoch(EpochStats stats, Model model) {
    try {
      Classifier.saveParameters(model, file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the parameters of epoch " + stats.epoch(), e);
    }
  }
}
