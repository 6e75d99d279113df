package dev.stride.storage;

import dev.stride.contracts.ObjectKeys;
import dev.stride.contracts.events.DatasetSource;
import dev.stride.contracts.objects.DatasetManifest;
import dev.stride.data.ChannelStats;
import dev.stride.data.CifarBinary;
import dev.stride.data.ImageSet;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a split dataset as shards of CIFAR binary records, then its manifest. The manifest goes
 * last: a dataset is visible whole or not at all.
 */
public final class DatasetWriter {

  private final ObjectStore store;
  private final int shardImages;

  /**
   * @param shardImages images per shard object
   */
  public DatasetWriter(ObjectStore store, int shardImages) {
    this.store = store;
    this.shardImages = shardImages;
  }

  /** The images of one dataset, split, with where they came from. */
  public record Contents(
      ImageSet train,
      ImageSet validation,
      ImageSet test,
      List<String> classNames,
      DatasetSource source,
      String checksum) {}

  /** Writes every shard and then the manifest; returns the manifest. */
  public DatasetManifest write(String datasetId, Contents contents, double ingestSeconds) {
    Map<String, DatasetManifest.Split> splits = new LinkedHashMap<>();
    int classes = contents.classNames().size();
    splits.put(
        DatasetManifest.TRAIN,
        writeSplit(datasetId, DatasetManifest.TRAIN, contents.train(), classes));
    splits.put(
        DatasetManifest.VALIDATION,
        writeSplit(datasetId, DatasetManifest.VALIDATION, contents.validation(), classes));
    splits.put(
        DatasetManifest.TEST,
        writeSplit(datasetId, DatasetManifest.TEST, contents.test(), classes));
    ChannelStats stats = ChannelStats.of(contents.train());
    DatasetManifest manifest =
        new DatasetManifest(
            datasetId,
            contents.classNames(),
            splits,
            List.of(ImageSet.HEIGHT, ImageSet.WIDTH, ImageSet.CHANNELS),
            "uint8",
            Arrays.stream(stats.mean()).boxed().toList(),
            Arrays.stream(stats.std()).boxed().toList(),
            contents.source(),
            contents.checksum(),
            OffsetDateTime.now(ZoneOffset.UTC),
            ingestSeconds);
    store.putJson(ObjectKeys.datasetManifest(datasetId), manifest);
    return manifest;
  }

  private DatasetManifest.Split writeSplit(
      String datasetId, String split, ImageSet images, int classes) {
    List<String> shards = new ArrayList<>();
    for (int from = 0, index = 0; from < images.size(); from += shardImages, index++) {
      String key = ObjectKeys.datasetShard(datasetId, split, index);
      ImageSet shard = images.slice(from, Math.min(images.size(), from + shardImages));
      store.put(key, CifarBinary.toBytes(shard), ObjectStore.BINARY);
      shards.add(key);
    }
    List<Integer> counts = Arrays.stream(images.classCounts(classes)).boxed().toList();
    return new DatasetManifest.Split(images.size(), counts, shards);
  }
}
