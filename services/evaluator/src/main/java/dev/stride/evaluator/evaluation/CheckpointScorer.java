package dev.stride.evaluator.evaluation;

import dev.stride.contracts.objects.Checkpoint;
import dev.stride.data.ImageSet;
import dev.stride.evaluator.EvaluatorConfig;
import dev.stride.nn.Classifier;
import dev.stride.nn.DeviceSetting;
import dev.stride.nn.Normalization;
import dev.stride.nn.metrics.Classification;
import dev.stride.storage.CheckpointStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;

/** Loads a fetched checkpoint onto the evaluator's device and scores it on a split. */
@ApplicationScoped
public class CheckpointScorer {

  @Inject EvaluatorConfig config;
  @Inject DeviceSetting device;

  public Classification score(CheckpointStore.Fetched fetched, ImageSet test) throws IOException {
    Checkpoint checkpoint = fetched.checkpoint();
    try (Classifier classifier =
        Classifier.load(
            checkpoint.architecture(),
            checkpoint.architectureSpec() == null ? null : checkpoint.architectureSpec().toString(),
            checkpoint.classNames().size(),
            fetched.parameters(),
            device.device(),
            new Normalization(checkpoint.normalization(), checkpoint.mean(), checkpoint.std()))) {
      Classifier.Scores scores = classifier.score(test, config.batchSize());
      int[] labels = new int[test.size()];
      for (int i = 0; i < labels.length; i++) {
        labels[i] = test.label(i);
      }
      return Classification.of(checkpoint.classNames(), labels, scores.probabilities());
    }
  }
}
