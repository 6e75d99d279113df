package dev.stride.storage;

import dev.stride.contracts.ObjectKeys;
import dev.stride.contracts.objects.DatasetManifest;
import dev.stride.data.ImageSet;
import dev.stride.data.archive.DatasetFormatException;
import dev.stride.data.cifar.CifarBinary;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Reads an ingested dataset's manifest and splits back from the store. */
public final class DatasetReader {

  private final ObjectStore store;

  public DatasetReader(ObjectStore store) {
    this.store = store;
  }

  /**
   * @throws DatasetUnavailableException if the dataset has no manifest (never ingested, or still
   *     being ingested)
   */
  public DatasetManifest manifest(String datasetId) {
    return store
        .findJson(ObjectKeys.datasetManifest(datasetId), DatasetManifest.class)
        .orElseThrow(
            () ->
                new DatasetUnavailableException(
                    "no dataset '"
                        + datasetId
                        + "': "
                        + ObjectKeys.datasetManifest(datasetId)
                        + " does not exist"));
  }

  /**
   * All images of one split, in shard order.
   *
   * @throws DatasetUnavailableException if a shard is missing or does not hold what the manifest
   *     says
   */
  public ImageSet split(DatasetManifest manifest, String split) {
    DatasetManifest.Split info = manifest.split(split);
    List<ImageSet> shards = new ArrayList<>();
    for (String key : info.shards()) {
      try {
        byte[] bytes = store.get(key);
        shards.add(
            CifarBinary.read(new ByteArrayInputStream(bytes), key, manifest.classNames().size()));
      } catch (ObjectNotFoundException e) {
        throw new DatasetUnavailableException(
            "dataset " + manifest.datasetId() + " lost its shard " + key);
      } catch (DatasetFormatException e) {
        throw new DatasetUnavailableException(
            "dataset " + manifest.datasetId() + ": " + e.getMessage());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    ImageSet images = ImageSet.concat(shards.toArray(ImageSet[]::new));
    if (images.size() != info.images()) {
      throw new DatasetUnavailableException(
          "dataset "
              + manifest.datasetId()
              + " "
              + split
              + " holds "
              + images.size()
              + " images, its manifest says "
              + info.images());
    }
    return images;
  }
}
