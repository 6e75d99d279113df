package dev.stride.nn;

import dev.stride.data.ImageSet;
import dev.stride.data.cifar.CifarBinary;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Prepares training batches on a thread of its own while the device trains on the previous one:
 * picks the batch's images in the epoch's order, augments them, and packs them as CIFAR records
 * (label byte, then 3072 pixel bytes) into one direct buffer, so that a batch reaches the device in
 * a single transfer. The epoch's order and the augmentation are seeded: batch b of epoch e is the
 * same whenever it is prepared, which is what lets a run resume in the middle of an epoch.
 */
final class BatchSource implements AutoCloseable {

  /** One packed batch: {@code n} records in {@code records}, positioned at 0. */
  record Packed(ByteBuffer records, int n) {}

  private final ImageSet images;
  private final int batchSize;
  private final boolean shuffle;
  private final Augmentation augmentation;
  private final long seed;
  private final ExecutorService worker =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread thread = new Thread(r, "batch-source");
            thread.setDaemon(true);
            return thread;
          });
  private int orderEpoch = -1;
  private int[] order;

  BatchSource(
      ImageSet images, int batchSize, boolean shuffle, Augmentation augmentation, long seed) {
    this.images = images;
    this.batchSize = batchSize;
    this.shuffle = shuffle;
    this.augmentation = augmentation;
    this.seed = seed;
  }

  int batches() {
    return (images.size() + batchSize - 1) / batchSize;
  }

  /** Starts packing batch {@code batch} of {@code epoch}. */
  CompletableFuture<Packed> prepare(int epoch, int batch) {
    return CompletableFuture.supplyAsync(() -> pack(epoch, batch), worker);
  }

  private Packed pack(int epoch, int batch) {
    int[] indices = order(epoch);
    int from = batch * batchSize;
    int n = Math.min(batchSize, indices.length - from);
    ByteBuffer records = ByteBuffer.allocateDirect(n * CifarBinary.RECORD_BYTES);
    byte[] image = new byte[ImageSet.IMAGE_BYTES];
    byte[] scratch = new byte[ImageSet.IMAGE_BYTES];
    Random random = new Random(seed * 1_000_003L + epoch * 10_007L + batch);
    byte[] pixels = images.pixels();
    for (int i = 0; i < n; i++) {
      int index = indices[from + i];
      System.arraycopy(pixels, index * ImageSet.IMAGE_BYTES, image, 0, ImageSet.IMAGE_BYTES);
      if (augmentation.any()) {
        augmentation.apply(image, 0, random, scratch);
      }
      records.put(images.labels()[index]);
      records.put(image);
    }
    return new Packed(records.rewind(), n);
  }

  /** The epoch's order of the images: seeded by the run's seed and the epoch, or as stored. */
  private synchronized int[] order(int epoch) {
    if (epoch != orderEpoch) {
      order = new int[images.size()];
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
      if (shuffle) {
        Random random = new Random(seed + epoch);
        for (int i = order.length - 1; i > 0; i--) {
          int j = random.nextInt(i + 1);
          int t = order[i];
          order[i] = order[j];
          order[j] = t;
        }
      }
      orderEpoch = epoch;
    }
    return order;
  }

  @Override
  public void close() {
    worker.shutdownNow();
  }
}
