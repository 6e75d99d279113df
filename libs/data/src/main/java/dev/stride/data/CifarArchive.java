package dev.stride.data;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/**
 * The CIFAR-10 binary archive ({@code cifar-10-binary.tar.gz}): {@code cifar-10-batches-bin/}
 * holding {@code data_batch_1.bin} … {@code data_batch_5.bin}, {@code test_batch.bin} and {@code
 * batches.meta.txt} (class names, one a line). Entries are read as a stream and never written to
 * disk, so entry names cannot escape anywhere.
 */
public final class CifarArchive {

  public static final String FOLDER = "cifar-10-batches-bin/";
  public static final String META = "batches.meta.txt";
  public static final String TEST_BATCH = "test_batch.bin";

  private static final Pattern TRAIN_BATCH = Pattern.compile("data_batch_(\\d+)\\.bin");
  private static final int MAX_LABEL_BYTE = 256;

  /** What an archive holds: training images (batches in order), test images, class names. */
  public record Contents(ImageSet train, ImageSet test, List<String> classNames) {}

  private CifarArchive() {}

  /**
   * Reads a gzipped tar in the CIFAR-10 binary layout.
   *
   * @param maxBytes cap on decompressed bytes read, against compression bombs
   * @throws DatasetFormatException naming the entry (and offset) that is wrong, or the layout
   *     problem
   */
  public static Contents read(InputStream archive, long maxBytes)
      throws IOException, DatasetFormatException {
    Map<Integer, Batch> trainBatches = new TreeMap<>();
    Batch test = null;
    List<String> classNames = null;
    int entries = 0;
    long total = 0;
    try (TarArchiveInputStream tar = new TarArchiveInputStream(gunzip(archive))) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        entries++;
        if (!entry.isFile()) {
          continue;
        }
        String name = entry.getName();
        if (!name.startsWith(FOLDER)) {
          continue;
        }
        total += entry.getSize();
        if (total > maxBytes) {
          throw new DatasetFormatException(
              name, -1, "archive holds more than " + maxBytes + " bytes once decompressed");
        }
        String file = name.substring(FOLDER.length());
        Matcher train = TRAIN_BATCH.matcher(file);
        if (train.matches()) {
          trainBatches.put(Integer.parseInt(train.group(1)), readBatch(tar, name));
        } else if (file.equals(TEST_BATCH)) {
          test = readBatch(tar, name);
        } else if (file.equals(META)) {
          classNames = readClassNames(tar, name);
        }
      }
    } catch (IOException e) {
      throw new DatasetFormatException(
          null, -1, "not a readable tar.gz archive (" + e.getMessage() + ")");
    }
    if (entries == 0) {
      throw new DatasetFormatException(null, -1, "the archive is empty");
    }
    if (trainBatches.isEmpty() || test == null) {
      throw new DatasetFormatException(
          null,
          -1,
          "unknown layout: expected "
              + FOLDER
              + "data_batch_N.bin and "
              + FOLDER
              + TEST_BATCH
              + (trainBatches.isEmpty() ? "; no training batch found" : "; no test batch found"));
    }
    if (classNames == null) {
      classNames = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        classNames.add("class-" + i);
      }
    }
    List<ImageSet> train = new ArrayList<>();
    for (Batch batch : trainBatches.values()) {
      batch.checkLabels(classNames.size());
      train.add(batch.images);
    }
    test.checkLabels(classNames.size());
    return new Contents(ImageSet.concat(train.toArray(ImageSet[]::new)), test.images, classNames);
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

  private static InputStream gunzip(InputStream archive) throws IOException {
    return new GzipCompressorInputStream(new BufferedInputStream(archive), true);
  }

  private static Batch readBatch(InputStream entry, String name)
      throws IOException, DatasetFormatException {
    return new Batch(name, CifarBinary.read(entry, name, MAX_LABEL_BYTE));
  }

  private static List<String> readClassNames(InputStream entry, String name)
      throws IOException, DatasetFormatException {
    List<String> names = new ArrayList<>();
    for (String line : new String(entry.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
      if (!line.isBlank()) {
        names.add(line.strip());
      }
    }
    if (names.size() < 2) {
      throw new DatasetFormatException(
          name, -1, "needs at least 2 class names, found " + names.size());
    }
    return names;
  }

  private static void entry(TarArchiveOutputStream tar, String name, byte[] bytes)
      throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setSize(bytes.length);
    tar.putArchiveEntry(entry);
    new ByteArrayInputStream(bytes).transferTo(tar);
    tar.closeArchiveEntry();
  }

  /** One batch file's images, remembered with its name to report bad labels at their offset. */
  private record Batch(String file, ImageSet images) {

    void checkLabels(int classes) throws DatasetFormatException {
      for (int i = 0; i < images.size(); i++) {
        if (images.label(i) >= classes) {
          throw new DatasetFormatException(
              file,
              (long) i * CifarBinary.RECORD_BYTES,
              "label " + images.label(i) + " is out of range for " + classes + " classes");
        }
      }
    }
  }
}
