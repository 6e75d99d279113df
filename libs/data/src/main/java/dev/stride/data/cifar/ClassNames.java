package dev.stride.data.cifar;

import dev.stride.data.archive.DatasetFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Class-name files of the CIFAR binary layouts: one name a line, blank lines ignored. */
final class ClassNames {

  private ClassNames() {}

  static List<String> read(InputStream in, String file) throws IOException, DatasetFormatException {
    List<String> names = new ArrayList<>();
    for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
      if (!line.isBlank()) {
        names.add(line.strip());
      }
    }
    return checked(names, file);
  }

  /** A classifier needs two classes; labels are one byte, so at most 256. */
  static List<String> checked(List<String> names, String file) throws DatasetFormatException {
    if (names.size() < 2) {
      throw new DatasetFormatException(
          file, -1, "needs at least 2 class names, found " + names.size());
    }
    if (names.size() > 256) {
      throw new DatasetFormatException(
          DatasetFormatException.Problem.UNSUPPORTED,
          file,
          -1,
          names.size() + " classes: labels are one byte, so at most 256");
    }
    return List.copyOf(names);
  }

  /** Refuses a label beyond the class names, at the byte offset of its record. */
  static void checkLabel(int label, int classes, String file, long offset, String kind)
      throws DatasetFormatException {
    if (label >= classes) {
      throw new DatasetFormatException(
          file, offset, kind + " " + label + " is out of range for " + classes + " classes");
    }
  }
}
