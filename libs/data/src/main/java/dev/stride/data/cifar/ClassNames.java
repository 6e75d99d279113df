package dev.stride.data.cifar;

import dev.stride.data.archive.ArchiveLimits;
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

  /**
   * Refuses class names past the caps, or one name twice (two classes the predictor's answer could
   * not tell apart).
   */
  static void limit(List<String> names, ArchiveLimits limits) throws DatasetFormatException {
    if (names.size() > limits.maxClasses()) {
      throw new DatasetFormatException(
          DatasetFormatException.Problem.TOO_LARGE,
          null,
          -1,
          names.size() + " classes, more than the limit of " + limits.maxClasses());
    }
    java.util.Map<String, Integer> first = new java.util.HashMap<>();
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      if (name.length() > limits.maxClassNameLength()) {
        throw new DatasetFormatException(
            DatasetFormatException.Problem.TOO_LARGE,
            null,
            -1,
            "class name "
                + i
                + " has "
                + name.length()
                + " characters, more than the limit of "
                + limits.maxClassNameLength());
      }
      Integer earlier = first.putIfAbsent(name, i);
      if (earlier != null) {
        throw new DatasetFormatException(
            null, -1, "classes " + earlier + " and " + i + " have the same name '" + name + "'");
      }
    }
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
