package dev.stride.data.cifar;

import dev.stride.data.ImageSet;
import dev.stride.data.archive.DatasetFormatException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * CIFAR-100 binary ({@code cifar-100-binary.tar.gz}): {@code cifar-100-binary/} holding {@code
 * train.bin} and {@code test.bin}, records of 1 coarse label byte, 1 fine label byte and 3072 CHW
 * pixel bytes, and {@code fine_label_names.txt} (100 classes) and {@code coarse_label_names.txt}
 * (20 superclasses). The fine labels are the classes; the coarse ones are returned beside them.
 */
final class Cifar100BinaryLayout implements LayoutReader {

  static final String FOLDER = "cifar-100-binary/";
  static final String TRAIN = "train.bin";
  static final String TEST = "test.bin";
  static final String FINE_NAMES = "fine_label_names.txt";
  static final String COARSE_NAMES = "coarse_label_names.txt";
  static final int RECORD_BYTES = 2 + ImageSet.IMAGE_BYTES;

  private Part train;
  private Part test;
  private List<String> fine;
  private List<String> coarse;

  @Override
  public void visit(String name, InputStream content) throws IOException, DatasetFormatException {
    if (!name.startsWith(FOLDER)) {
      return;
    }
    switch (name.substring(FOLDER.length())) {
      case TRAIN -> train = LayoutReader.once(train, read(content, name), name);
      case TEST -> test = LayoutReader.once(test, read(content, name), name);
      case FINE_NAMES -> fine = LayoutReader.once(fine, ClassNames.read(content, name), name);
      case COARSE_NAMES -> coarse = LayoutReader.once(coarse, ClassNames.read(content, name), name);
      default -> {
        // other files (a README, say) are not part of the dataset
      }
    }
  }

  @Override
  public DatasetArchive.Contents finish() throws DatasetFormatException {
    require(train, TRAIN);
    require(test, TEST);
    require(fine, FINE_NAMES);
    require(coarse, COARSE_NAMES);
    train.checkLabels(fine.size(), coarse.size());
    test.checkLabels(fine.size(), coarse.size());
    return new DatasetArchive.Contents(
        DatasetArchive.CIFAR100_BINARY,
        train.images,
        test.images,
        fine,
        new DatasetArchive.CoarseLabels(coarse, train.coarse, test.coarse));
  }

  private static void require(Object part, String file) throws DatasetFormatException {
    if (part == null) {
      throw new DatasetFormatException(FOLDER + file, -1, "missing from the archive");
    }
  }

  /** Reads records to the end; a short last record is refused at its offset. */
  private static Part read(InputStream in, String file) throws IOException, DatasetFormatException {
    ByteArrayOutputStream coarse = new ByteArrayOutputStream();
    ByteArrayOutputStream fine = new ByteArrayOutputStream();
    ByteArrayOutputStream pixels = new ByteArrayOutputStream();
    byte[] record = new byte[RECORD_BYTES];
    long offset = 0;
    int got;
    while ((got = in.readNBytes(record, 0, RECORD_BYTES)) > 0) {
      if (got < RECORD_BYTES) {
        throw new DatasetFormatException(
            file,
            offset,
            "truncated record: "
                + got
                + " of "
                + RECORD_BYTES
                + " bytes (coarse label + fine label + 3072 pixels)");
      }
      coarse.write(record[0]);
      fine.write(record[1]);
      pixels.write(record, 2, ImageSet.IMAGE_BYTES);
      offset += RECORD_BYTES;
    }
    return new Part(
        file, coarse.toByteArray(), new ImageSet(fine.toByteArray(), pixels.toByteArray()));
  }

  /** One split: its file name, coarse labels, and the images with their fine labels. */
  private record Part(String file, byte[] coarse, ImageSet images) {

    void checkLabels(int fineClasses, int coarseClasses) throws DatasetFormatException {
      for (int i = 0; i < images.size(); i++) {
        long offset = (long) i * RECORD_BYTES;
        ClassNames.checkLabel(
            Byte.toUnsignedInt(coarse[i]), coarseClasses, file, offset, "coarse label");
        ClassNames.checkLabel(images.label(i), fineClasses, file, offset, "fine label");
      }
    }
  }
}
