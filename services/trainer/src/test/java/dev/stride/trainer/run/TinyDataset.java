package dev.stride.trainer.run;

import dev.stride.contracts.ObjectKeys;
import dev.stride.contracts.events.DatasetSource;
import dev.stride.contracts.events.SplitSpec;
import dev.stride.contracts.events.SyntheticSpec;
import dev.stride.data.Splits;
import dev.stride.data.SyntheticCifar;
import dev.stride.storage.DatasetWriter;
import dev.stride.storage.ObjectStore;

/** The small synthetic dataset the trainer's tests train on, written once per store. */
public final class TinyDataset {

  public static final String ID = "tiny";

  private TinyDataset() {}

  public static void ensure(ObjectStore store) {
    if (store.exists(ObjectKeys.datasetManifest(ID))) {
      return;
    }
    Splits.TrainValidation split = Splits.holdOutLast(SyntheticCifar.generate(320, 1), 64);
    new DatasetWriter(store, 100)
        .write(
            ID,
            new DatasetWriter.Contents(
                "synthetic",
                split.train(),
                split.validation(),
                SyntheticCifar.generate(64, 2),
                SyntheticCifar.CLASS_NAMES,
                null,
                DatasetSource.ofSynthetic(new SyntheticSpec(256, 64, 64, 1L)),
                SplitSpec.notebook(),
                "sha256:test"),
            0);
  }
}
