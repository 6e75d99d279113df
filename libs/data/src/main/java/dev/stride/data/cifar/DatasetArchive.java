package dev.stride.data.cifar;

import dev.stride.data.ImageSet;
import dev.stride.data.archive.ArchiveLimits;
import dev.stride.data.archive.DatasetFormatException;
import dev.stride.data.archive.DatasetFormatException.Problem;
import dev.stride.data.archive.SafeArchive;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A dataset archive in any layout Stride reads, recognised from its entry names: CIFAR-10 binary,
 * CIFAR-10 python, CIFAR-100 binary (each in the folder the real archives use), or an image folder.
 * The archive is read through {@link SafeArchive}: once to list its files, once to read them.
 */
public final class DatasetArchive {

  public static final String CIFAR10_BINARY = "cifar10-binary";
  public static final String CIFAR10_PYTHON = "cifar10-python";
  public static final String CIFAR100_BINARY = "cifar100-binary";
  public static final String IMAGE_FOLDER = "image-folder";

  static final String UNKNOWN_LAYOUT =
      "unknown layout: expected one of "
          + Cifar10BinaryLayout.FOLDER
          + " (CIFAR-10 binary), "
          + Cifar10PythonLayout.FOLDER
          + " (CIFAR-10 python), "
          + Cifar100BinaryLayout.FOLDER
          + " (CIFAR-100 binary), or an image folder of PNG/JPEG pictures in"
          + " <class>/ folders (optionally under one top folder, or in train/<class>/ and"
          + " test/<class>/)";

  /**
   * CIFAR-100's 20 superclasses: their names and, per image, the coarse label (read unsigned) of
   * the training and test images, in the same order as the images. The arrays must not be changed.
   */
  public record CoarseLabels(List<String> classNames, byte[] train, byte[] test) {}

  /**
   * What an archive holds.
   *
   * @param format one of the format constants of this class
   * @param test null when the archive has no test split (an image folder without train/ and test/);
   *     the caller then holds some training images out
   * @param classNames index = label, from the archive's meta files or folder names
   * @param coarse CIFAR-100's superclasses; null for the other formats
   */
  public record Contents(
      String format, ImageSet train, ImageSet test, List<String> classNames, CoarseLabels coarse) {}

  private DatasetArchive() {}

  /**
   * Reads a .tar, .tar.gz or .zip dataset archive.
   *
   * @throws DatasetFormatException naming the entry (and offset) at fault; its {@link
   *     DatasetFormatException#problem()} says whether the archive is unsupported, too large,
   *     unsafe or malformed
   */
  public static Contents read(Path file, ArchiveLimits limits)
      throws IOException, DatasetFormatException {
    SafeArchive archive = SafeArchive.open(file, limits);
    LayoutReader reader = layoutOf(archive.fileNames(), limits);
    archive.forEachFile(reader);
    Contents contents = reader.finish();
    ClassNames.limit(contents.classNames(), limits);
    if (contents.coarse() != null) {
      ClassNames.limit(contents.coarse().classNames(), limits);
    }
    return contents;
  }

  static LayoutReader layoutOf(List<String> names, ArchiveLimits limits)
      throws DatasetFormatException {
    Map<String, Supplier<LayoutReader>> cifar = new LinkedHashMap<>();
    cifar.put(Cifar10BinaryLayout.FOLDER, Cifar10BinaryLayout::new);
    cifar.put(Cifar10PythonLayout.FOLDER, Cifar10PythonLayout::new);
    cifar.put(Cifar100BinaryLayout.FOLDER, Cifar100BinaryLayout::new);
    List<String> found = new ArrayList<>();
    for (String folder : cifar.keySet()) {
      if (names.stream().anyMatch(name -> name.startsWith(folder))) {
        found.add(folder);
      }
    }
    if (found.size() > 1) {
      throw new DatasetFormatException(
          Problem.UNSUPPORTED,
          null,
          -1,
          "the archive holds more than one dataset: " + String.join(", ", found));
    }
    if (found.size() == 1) {
      return cifar.get(found.get(0)).get();
    }
    LayoutReader folder = ImageFolderLayout.plan(names, limits.maxImagePixels());
    if (folder == null) {
      throw new DatasetFormatException(Problem.UNSUPPORTED, null, -1, UNKNOWN_LAYOUT);
    }
    return folder;
  }
}
