package dev.stride.storage;

import dev.stride.contracts.ObjectKeys;
import dev.stride.contracts.events.DatasetSource;
import dev.stride.contracts.events.SplitSpec;
import dev.stride.contracts.objects.DatasetManifest;
import dev.stride.data.ChannelStats;
import dev.stride.data.ImageSet;
import dev.stride.data.cifar.CifarBinary;
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

  /** Told after every shard: bytes written so far, bytes to write in all. */
  @FunctionalInterface
  public interface Progress {
    void written(long bytes, long totalBytes);
  }

  /**
   * @param shardImages images per shard object
   */
  public DatasetWriter(ObjectStore store, int shardImages) {
    this.store = store;
    this.shardImages = shardImages;
  }

  /** The images of one dataset, split, with where they came from. */
  public record Contents(
      String format,
      ImageSet train,
      ImageSet validation,
      ImageSet test,
      List<String> classNames,
      Coarse coarse,
      DatasetSource source,
      SplitSpec split,
      String checksum) {}

  /** CIFAR-100's superclass names and one coarse label byte per image of each split. */
  public record Coarse(List<String> names, byte[] train, byte[] validation, byte[] test) {}

  /** Writes every shard and then the manifest; returns the manifest. */
  public DatasetManifest write(String datasetId, Contents contents, double ingestSeconds) {
    return write(datasetId, contents, ingestSeconds, (bytes, total) -> {});
  }

  /** As {@link #write(String, Contents, double)}, telling {@code progress} after every shard. */
  public DatasetManifest write(
      String datasetId, Contents contents, double ingestSeconds, Progress progress) {
    long total =
        (long) (contents.train().size() + contents.validation().size() + contents.test().size())
            * CifarBinary.RECORD_BYTES;
    long[] written = {0};
    Progress counting =
        (bytes, ignored) -> {
          written[0] += bytes;
          progress.written(written[0], total);
        };
    Map<String, DatasetManifest.Split> splits = new LinkedHashMap<>();
    Coarse coarse = contents.coarse();
    splits.put(
        DatasetManifest.TRAIN,
        writeSplit(
            datasetId,
            DatasetManifest.TRAIN,
            contents.train(),
            coarse == null ? null : coarse.train(),
            contents,
            counting));
    splits.put(
        DatasetManifest.VALIDATION,
        writeSplit(
            datasetId,
            DatasetManifest.VALIDATION,
            contents.validation(),
            coarse == null ? null : coarse.validation(),
            contents,
            counting));
    splits.put(
        DatasetManifest.TEST,
        writeSplit(
            datasetId,
            DatasetManifest.TEST,
            contents.test(),
            coarse == null ? null : coarse.test(),
            contents,
            counting));
    ChannelStats stats = ChannelStats.of(contents.train());
    DatasetManifest manifest =
        new DatasetManifest(
            datasetId,
            contents.format(),
            contents.classNames(),
            splits,
            List.of(ImageSet.HEIGHT, ImageSet.WIDTH, ImageSet.CHANNELS),
            "uint8",
            Arrays.stream(stats.mean()).boxed().toList(),
            Arrays.stream(stats.std()).boxed().toList(),
            coarse == null ? null : coarse.names(),
            contents.source(),
            contents.split(),
            contents.checksum(),
            null,
            OffsetDateTime.now(ZoneOffset.UTC),
            ingestSeconds);
    store.putJson(ObjectKeys.datasetManifest(datasetId), manifest);
    return manifest;
  }

  /**
   * Makes {@code datasetId} a second name of an ingested dataset with the same bytes: a manifest
   * naming the original's shards, nothing copied.
   */
  public DatasetManifest writeAlias(
      String datasetId, DatasetManifest original, DatasetSource source, double ingestSeconds) {
    DatasetManifest alias =
        new DatasetManifest(
            datasetId,
            original.format(),
            original.classNames(),
            original.splits(),
            original.imageShape(),
            original.dtype(),
            original.mean(),
            original.std(),
            original.coarseClassNames(),
            source,
            original.split(),
            original.checksum(),
            original.aliasOf() != null ? original.aliasOf() : original.datasetId(),
            OffsetDateTime.now(ZoneOffset.UTC),
            ingestSeconds);
    store.putJson(ObjectKeys.datasetManifest(datasetId), alias);
    return alias;
  }

  private DatasetManifest.Split writeSplit(
      String datasetId,
      String split,
      ImageSet images,
      byte[] coarse,
      Contents contents,
      Progress progress) {
    List<String> shards = new ArrayList<>();
    for (int from = 0, index = 0; from < images.size(); from += shardImages, index++) {
      String key = ObjectKeys.datasetShard(datasetId, split, index);
      ImageSet shard = images.slice(from, Math.min(images.size(), from + shardImages));
      byte[] bytes = CifarBinary.toBytes(shard);
      store.put(key, bytes, ObjectStore.BINARY);
      shards.add(key);
      progress.written(bytes.length, -1);
    }
    String coarseKey = null;
    if (coarse != null) {
      coarseKey = ObjectKeys.datasetPrefix(datasetId) + split + "/coarse-labels.bin";
      store.put(coarseKey, coarse, ObjectStore.BINARY);
    }
    int n = images.size();
    List<Integer> counts =
        Arrays.stream(images.classCounts(contents.classNames().size())).boxed().toList();
    return new DatasetManifest.Split(
        n,
        List.of(n, ImageSet.HEIGHT, ImageSet.WIDTH, ImageSet.CHANNELS),
        List.of(n),
        counts,
        shards,
        coarseKey);
  }
}
