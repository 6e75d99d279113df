package dev.stride.cli.demo;

import dev.stride.contracts.api.Prediction;
import dev.stride.contracts.events.EpochCompleted;
import dev.stride.contracts.events.EvaluationCompleted;
import java.io.PrintStream;
import java.util.List;

/** The demo's summary: Keras' per-epoch lines as a table, the test accuracy, one prediction. */
final class ResultsTable {

  private final PrintStream out;

  ResultsTable(PrintStream out) {
    this.out = out;
  }

  void print(
      List<EpochCompleted> epochs,
      EvaluationCompleted evaluation,
      TestImage image,
      Prediction prediction) {
    out.println();
    out.println("Results");
    out.println(" epoch      loss  accuracy  val_loss  val_accuracy  seconds  images/s");
    for (EpochCompleted e : epochs) {
      out.printf(
          " %5d  %8.4f  %8.4f  %8.4f  %12.4f  %7.1f  %8.0f%n",
          e.epoch(),
          e.loss(),
          e.accuracy(),
          e.valLoss(),
          e.valAccuracy(),
          e.seconds(),
          e.imagesPerSecond());
    }
    out.printf(
        "Test: accuracy %.4f, loss %.4f on %d images (run %s, now served)%n",
        evaluation.testAccuracy(),
        evaluation.testLoss(),
        evaluation.examples(),
        evaluation.runId());
    out.printf(
        "Prediction for test image %d (true label: %s): %s (%.3f) %s%n",
        image.index(),
        image.trueLabel(),
        prediction.label(),
        prediction.probability(),
        prediction.label().equals(image.trueLabel()) ? "correct" : "wrong");
    out.println();
  }
}
