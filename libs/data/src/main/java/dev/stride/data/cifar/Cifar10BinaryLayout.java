package dev.stride.data.cifar;

import dev.stride.data.ImageSet;
import dev.stride.data.archive.DatasetFormatException;
import dev.stride.data.archive.DatasetFormatException.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CIFAR-10 binary ({@code cifar-10-binary.tar.gz}): {@code cifar-10-batches-bin/} holding {@code
 * data_batch_N.bin} (any number of batches, of any record count, read in N order), {@code
 * test_batch.bin} and {@code batches.meta.txt}. Labels are checked once the class names are known,
 * since the archive may list the meta file after the batches.
 */
final class Cifar10BinaryLayout implements LayoutReader {

  static final String FOLDER = CifarArchive.FOLDER;

  private static final Pattern TRAIN_BATCH = Pattern.compile("data_batch_(\\d{1,6})\\.bin");
  private static final int ANY_LABEL_BYTE = 256;
  // CIFAR-10's size, for an archive without batches.meta.txt
  private static final int FALLBACK_CLASSES = 10;

  private final Map<Integer, Batch> train = new TreeMap<>();
  private Batch test;
  private List<String> classNames;
  private boolean sawFolder;

  @Override
  public void visit(String name, InputStream content) throws IOException, DatasetFormatException {
    if (!name.startsWith(FOLDER)) {
      return;
    }
    sawFolder = true;
    String file = name.substring(FOLDER.length());
    Matcher batch = TRAIN_BATCH.matcher(file);
    if (batch.matches()) {
      int number = Integer.parseInt(batch.group(1));
      if (train.put(number, read(content, name)) != null) {
        throw new DatasetFormatException(name, -1, "training batch " + number + " appears twice");
      }
    } else if (file.equals(CifarArchive.TEST_BATCH)) {
      test = LayoutReader.once(test, read(content, name), name);
    } else if (file.equals(CifarArchive.META)) {
      classNames = LayoutReader.once(classNames, ClassNames.read(content, name), name);
    }
  }

  @Override
  public DatasetArchive.Contents finish() throws DatasetFormatException {
    if (train.isEmpty() || test == null) {
      throw new DatasetFormatException(
          sawFolder ? Problem.MALFORMED : Problem.UNSUPPORTED,
          null,
          -1,
          "unknown layout: expected "
              + FOLDER
              + "data_batch_N.bin and "
              + FOLDER
              + CifarArchive.TEST_BATCH
              + (train.isEmpty() ? "; no training batch found" : "; no test batch found"));
    }
    List<String> names = classNames;
    if (names == null) {
      names = new ArrayList<>();
      for (int i = 0; i < FALLBACK_CLASSES; i++) {
        names.add("class-" + i);
      }
    }
    List<ImageSet> batches = new ArrayList<>();
    for (Batch batch : train.values()) {
      batch.checkLabels(names.size());
      batches.add(batch.images);
    }
    test.checkLabels(names.size());
    return new DatasetArchive.Contents(
        DatasetArchive.CIFAR10_BINARY,
        ImageSet.concat(batches.toArray(ImageSet[]::new)),
        test.images,
        List.copyOf(names),
        null);
  }

  private static Batch read(InputStream content, String name)
      throws IOException, DatasetFormatException {
    return new Batch(name, CifarBinary.read(content, name, ANY_LABEL_BYTE));
  }

  /** One batch file's images, remembered with its name to report bad labels at their offset. */
  private record Batch(String file, ImageSet images) {

    void checkLabels(int classes) throws DatasetFormatException {
      for (int i = 0; i < images.size(); i++) {
        ClassNames.checkLabel(
            images.label(i), classes, file, (long) i * CifarBinary.RECORD_BYTES, "label");
      }
    }
  }
}
