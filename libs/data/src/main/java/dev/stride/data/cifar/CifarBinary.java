package dev.stride.data.cifar;

import dev.stride.data.ImageSet;
import dev.stride.data.archive.DatasetFormatException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The CIFAR-10 binary record format: each record is 1 label byte followed by 3072 pixel bytes (1024
 * red, 1024 green, 1024 blue; rows of 32). A file holds any number of records back to back.
 */
public final class CifarBinary {

  public static final int RECORD_BYTES = 1 + ImageSet.IMAGE_BYTES;

  private CifarBinary() {}

  /**
   * Reads every record of {@code in} to its end.
   *
   * @param file the name to report in errors
   * @param classes labels must be below this
   * @throws DatasetFormatException on a truncated last record or a label out of range, naming the
   *     file and the offset
   */
  public static ImageSet read(InputStream in, String file, int classes)
      throws IOException, DatasetFormatException {
    ByteArrayOutputStream labels = new ByteArrayOutputStream();
    ByteArrayOutputStream pixels = new ByteArrayOutputStream();
    byte[] record = new byte[RECORD_BYTES];
    long offset = 0;
    while (true) {
      int got = in.readNBytes(record, 0, RECORD_BYTES);
      if (got == 0) {
        break;
      }
      if (got < RECORD_BYTES) {
        throw new DatasetFormatException(
            file,
            offset,
            "truncated record: " + got + " of " + RECORD_BYTES + " bytes (1 label + 3072 pixels)");
      }
      int label = Byte.toUnsignedInt(record[0]);
      if (label >= classes) {
        throw new DatasetFormatException(
            file, offset, "label " + label + " is out of range for " + classes + " classes");
      }
      labels.write(record[0]);
      pixels.write(record, 1, ImageSet.IMAGE_BYTES);
      offset += RECORD_BYTES;
    }
    return new ImageSet(labels.toByteArray(), pixels.toByteArray());
  }

  /** Writes {@code images} as records. */
  public static void write(ImageSet images, OutputStream out) throws IOException {
    byte[] pixels = images.pixels();
    for (int i = 0; i < images.size(); i++) {
      out.write(images.labels()[i]);
      out.write(pixels, i * ImageSet.IMAGE_BYTES, ImageSet.IMAGE_BYTES);
    }
  }

  /** The records of {@code images} as one byte array. */
  public static byte[] toBytes(ImageSet images) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(images.size() * RECORD_BYTES);
    try {
      write(images, out);
    } catch (IOException e) {
      throw new IllegalStateException("a byte array stream does not fail", e);
    }
    return out.toByteArray();
  }
}
