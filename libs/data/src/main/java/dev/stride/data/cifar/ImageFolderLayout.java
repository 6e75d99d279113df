package dev.stride.data.cifar;

import dev.stride.data.ImageSet;
import dev.stride.data.archive.DatasetFormatException;
import dev.stride.data.archive.DatasetFormatException.Problem;
import dev.stride.data.image.ImageFormatException;
import dev.stride.data.image.ImageTooLargeException;
import dev.stride.data.image.Images;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Class-named folders of PNG and JPEG pictures: {@code <class>/<picture>}, possibly under one
 * wrapping folder, or split as {@code train/<class>/…} and {@code test/<class>/…}. Classes are the
 * sorted folder names (train's, when split). Files without a picture extension (.DS_Store, README)
 * are skipped, and so is the metadata macOS adds to zips ({@code __MACOSX/}, {@code ._name}); a
 * file with a picture extension that does not decode is refused. Pictures are scaled to 32×32.
 */
final class ImageFolderLayout implements LayoutReader {

  static final String TRAIN = "train";
  static final String TEST = "test";

  /** Where a picture goes: which split and which class. */
  private record Target(boolean test, int label) {}

  private final Map<String, Target> targets;
  private final List<String> classNames;
  private final boolean hasTest;
  private final long maxPixels;
  private final Builder train = new Builder();
  private final Builder test = new Builder();

  private ImageFolderLayout(
      Map<String, Target> targets, List<String> classNames, boolean hasTest, long maxPixels) {
    this.targets = targets;
    this.classNames = classNames;
    this.hasTest = hasTest;
    this.maxPixels = maxPixels;
  }

  /**
   * Works out the folder structure from the entry names alone.
   *
   * @return null when the archive holds no picture at all
   * @throws DatasetFormatException UNSUPPORTED for pictures outside the structures above, MALFORMED
   *     for a test class without training pictures or fewer than 2 classes
   */
  static ImageFolderLayout plan(List<String> names, long maxPixels) throws DatasetFormatException {
    List<String[]> pictures = new ArrayList<>();
    for (String name : names) {
      if (isPicture(name)) {
        pictures.add(name.split("/"));
      }
    }
    if (pictures.isEmpty()) {
      return null;
    }
    String top = pictures.get(0)[0];
    boolean wrapped =
        !top.equals(TRAIN)
            && !top.equals(TEST)
            && pictures.stream().allMatch(p -> p.length >= 3 && p[0].equals(top));
    int skip = wrapped ? 1 : 0;
    boolean split =
        pictures.stream()
            .allMatch(p -> p.length == skip + 3 && (p[skip].equals(TRAIN) || p[skip].equals(TEST)));
    int depth = skip + (split ? 3 : 2);
    for (String[] p : pictures) {
      if (p.length != depth) {
        throw new DatasetFormatException(
            Problem.UNSUPPORTED,
            String.join("/", p),
            -1,
            "picture outside the image-folder layout: expected <class>/<picture>, optionally"
                + " under one top folder, or train/<class>/<picture> and test/<class>/<picture>");
      }
    }
    Set<String> trainClasses = new TreeSet<>();
    Set<String> testClasses = new TreeSet<>();
    for (String[] p : pictures) {
      boolean isTest = split && p[skip].equals(TEST);
      (isTest ? testClasses : trainClasses).add(p[depth - 2]);
    }
    if (trainClasses.isEmpty()) {
      throw new DatasetFormatException(
          null, -1, "a test/ folder of pictures without a train/ folder beside it");
    }
    testClasses.removeAll(trainClasses);
    if (!testClasses.isEmpty()) {
      throw new DatasetFormatException(
          null, -1, "test classes without training pictures: " + String.join(", ", testClasses));
    }
    List<String> classNames = ClassNames.checked(new ArrayList<>(trainClasses), null);
    Map<String, Target> targets = new HashMap<>();
    boolean hasTest = false;
    for (String[] p : pictures) {
      boolean isTest = split && p[skip].equals(TEST);
      hasTest |= isTest;
      targets.put(String.join("/", p), new Target(isTest, classNames.indexOf(p[depth - 2])));
    }
    return new ImageFolderLayout(targets, classNames, hasTest, maxPixels);
  }

  @Override
  public void visit(String name, InputStream content) throws IOException, DatasetFormatException {
    Target target = targets.get(name);
    if (target == null) {
      return;
    }
    byte[] chw;
    try {
      chw = Images.decodeToChw(content.readAllBytes(), maxPixels);
    } catch (ImageTooLargeException e) {
      throw new DatasetFormatException(Problem.TOO_LARGE, name, -1, e.getMessage(), e);
    } catch (ImageFormatException e) {
      throw new DatasetFormatException(Problem.MALFORMED, name, -1, e.getMessage(), e);
    }
    (target.test ? test : train).add(target.label, chw);
  }

  @Override
  public DatasetArchive.Contents finish() {
    return new DatasetArchive.Contents(
        DatasetArchive.IMAGE_FOLDER,
        train.build(),
        hasTest ? test.build() : null,
        classNames,
        null);
  }

  static boolean isPicture(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    String file = lower.substring(lower.lastIndexOf('/') + 1);
    boolean macMetadata = ("/" + lower).contains("/__macosx/") || file.startsWith("._");
    return !macMetadata
        && (file.endsWith(".png") || file.endsWith(".jpg") || file.endsWith(".jpeg"));
  }

  /** Images of one split in archive order. */
  private static final class Builder {
    private final ByteArrayOutputStream labels = new ByteArrayOutputStream();
    private final ByteArrayOutputStream pixels = new ByteArrayOutputStream();

    void add(int label, byte[] chw) {
      labels.write(label);
      pixels.writeBytes(chw);
    }

    ImageSet build() {
      return new ImageSet(labels.toByteArray(), pixels.toByteArray());
    }
  }
}
