package dev.stride.predictor.model;

import dev.stride.contracts.objects.ModelPointer;
import dev.stride.nn.Faults;
import dev.stride.storage.CorruptCheckpointException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The real loader, but the checkpoint of run {@code fault-<name>} throws what {@link Faults} names
 * once it is fetched and checked, while the engine loads it, as a bug or the engine would. Enabled
 * only by ModelPromotedFailuresTest's profile.
 */
@Alternative
@ApplicationScoped
public class FaultyModelLoader extends ModelLoader {

  @Override
  public ServedModel load(ModelPointer pointer, Path work)
      throws IOException, CorruptCheckpointException {
    String fault = pointer.runId().replaceFirst("^fault-", "");
    if (!pointer.runId().startsWith("fault-") || !Faults.BY_NAME.containsKey(fault)) {
      return super.load(pointer, work);
    }
    checkpoints.fetch(pointer.checkpointKey(), work);
    Faults.raise(fault);
    throw new AssertionError("unreachable");
  }
}
