package dev.stride.ingestion.api;

import dev.stride.contracts.objects.DatasetManifest;
import dev.stride.data.ImageSet;
import dev.stride.data.archive.DatasetFormatException;
import dev.stride.data.cifar.CifarBinary;
import dev.stride.data.image.SampleGrid;
import dev.stride.ingestion.ingest.DatasetIngestor;
import dev.stride.storage.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Random;

/** Renders the notebook's sample grid from a dataset's training shards. */
@ApplicationScoped
public class SampleImages {

  @Inject ObjectStore store;

  /** The grid for {@code seed}: the same seed, the same picture. */
  byte[] grid(DatasetManifest manifest, long seed) {
    // one shard holds up to 10,000 images: pick one at random rather than reading them all
    List<String> shards = manifest.split(DatasetManifest.TRAIN).shards();
    String shard = shards.get(new Random(seed).nextInt(shards.size()));
    ImageSet images;
    try {
      images =
          CifarBinary.read(
              new ByteArrayInputStream(store.get(shard)), shard, manifest.classNames().size());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (DatasetFormatException e) {
      throw new IllegalStateException(
          "shard " + shard + " of an ingested dataset is broken: " + e.getMessage(), e);
    }
    int side = DatasetIngestor.PREVIEW_SIDE;
    return SampleGrid.render(
        images, manifest.classNames(), side, side, DatasetIngestor.PREVIEW_SCALE, seed);
  }
}
