package dev.stride.evaluator.evaluation;

import dev.stride.data.ImageSet;
import dev.stride.nn.metrics.Classification;
import dev.stride.storage.CheckpointStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.io.IOException;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The real scorer, but a checkpoint of run {@code fault-<name>} throws what {@link #FAULTS} names
 * when it is loaded: after both checkpoints were fetched and checked and the test split read, as a
 * bug or the engine would. Enabled only by TrainingEventConsumerFaultsTest's profile.
 */
@Alternative
@ApplicationScoped
public class FaultyCheckpointScorer extends CheckpointScorer {

  /** What scoring may throw, by name: the trainer's RunFaultsTest list. */
  public static final Map<String, Supplier<Throwable>> FAULTS = dev.stride.nn.Faults.BY_NAME;

  @Override
  public Classification score(CheckpointStore.Fetched fetched, ImageSet test) throws IOException {
    String runId = fetched.checkpoint().runId();
    Supplier<Throwable> fault = FAULTS.get(runId.replaceFirst("^fault-", ""));
    if (!runId.startsWith("fault-") || fault == null) {
      return super.score(fetched, test);
    }
    Throwable thrown = fault.get();
    if (thrown instanceof RuntimeException e) {
      throw e;
    }
    throw (Error) thrown;
  }
}
