package dev.stride.data.cifar;

import dev.stride.data.ImageSet;
import dev.stride.data.archive.ArchiveLimits;
import dev.stride.data.archive.DatasetFormatException;
import dev.stride.data.archive.SafeArchive;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/**
 * The CIFAR-10 binary archive ({@code cifar-10-binary.tar.gz}): {@code cifar-10-batches-bin/}
 * holding {@code data_batch_1.bin} … {@code data_batch_5.bin}, {@code test_batch.bin} and {@code
 * batches.meta.txt} (class names, one a line). Reading goes through {@link SafeArchive}; for every
 * layout and for zips, use {@link DatasetArchive#read}.
 */
public final class CifarArchive {

  public static final String FOLDER = "cifar-10-batches-bin/";
  public static final String META = "batches.meta.txt";
  public static final String TEST_BATCH = "test_batch.bin";

  /** What an archive holds: training images (batches in order), test images, class names. */
  public record Contents(ImageSet train, ImageSet test, List<String> classNames) {}

  private CifarArchive() {}

  /**
   * Reads a tar or gzipped tar in the CIFAR-10 binary layout from a stream.
   *
   * @param maxBytes cap on decompressed bytes read, against compression bombs; the other limits are
   *     {@link ArchiveLimits#defaults()}
   * @throws DatasetFormatException naming the entry (and offset) that is wrong, or the layout
   *     problem
   */
  public static Contents read(InputStream archive, long maxBytes)
      throws IOException, DatasetFormatException {
    Cifar10BinaryLayout layout = new Cifar10BinaryLayout();
    SafeArchive.forEachFile(archive, ArchiveLimits.defaults().withMaxBytes(maxBytes), layout);
    DatasetArchive.Contents contents = layout.finish();
    return new Contents(contents.train(), contents.test(), contents.classNames());
  }

  /**
   * Writes an archive in the real layout: the training images split into {@code trainBatches}
   * files, the test images, and the class names.
   */
  public static void write(
      OutputStream out, ImageSet train, int trainBatches, ImageSet test, List<String> classNames)
      throws IOException {
    try (TarArchiveOutputStream tar =
        new TarArchiveOutputStream(new GzipCompressorOutputStream(out))) {
      int perBatch = (train.size() + trainBatches - 1) / trainBatches;
      for (int b = 0; b < trainBatches; b++) {
        int from = Math.min(train.size(), b * perBatch);
        int to = Math.min(train.size(), from + perBatch);
        entry(
            tar,
            FOLDER + "data_batch_" + (b + 1) + ".bin",
            CifarBinary.toBytes(train.slice(from, to)));
      }
      entry(tar, FOLDER + TEST_BATCH, CifarBinary.toBytes(test));
      entry(
          tar,
          FOLDER + META,
          (String.join("\n", classNames) + "\n").getBytes(StandardCharsets.UTF_8));
    }
  }

  private static void entry(TarArchiveOutputStream tar, String name, byte[] bytes)
      throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setSize(bytes.length);
    tar.putArchiveEntry(entry);
    new ByteArrayInputStream(bytes).transferTo(tar);
    tar.closeArchiveEntry();
  }
}
