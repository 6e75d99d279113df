package dev.stride.data.cifar;

import dev.stride.data.ImageSet;
import dev.stride.data.archive.DatasetFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CIFAR-10 python ({@code cifar-10-python.tar.gz}): {@code cifar-10-batches-py/} holding {@code
 * data_batch_N} (read in N order), {@code test_batch} and {@code batches.meta}, each a pickled
 * dict. A batch has {@code data}, a numpy uint8 array (N, 3072) whose rows are CHW images exactly
 * as in the binary records, and {@code labels}, N ints; the meta file has {@code label_names}.
 */
final class Cifar10PythonLayout implements LayoutReader {

  static final String FOLDER = "cifar-10-batches-py/";
  static final String TEST = "test_batch";
  static final String META = "batches.meta";

  private static final Pattern TRAIN_BATCH = Pattern.compile("data_batch_(\\d{1,6})");

  private final Map<Integer, Batch> train = new TreeMap<>();
  private Batch test;
  private List<String> classNames;

  @Override
  public void visit(String name, InputStream content) throws IOException, DatasetFormatException {
    if (!name.startsWith(FOLDER)) {
      return;
    }
    String file = name.substring(FOLDER.length());
    Matcher batch = TRAIN_BATCH.matcher(file);
    if (batch.matches()) {
      int number = Integer.parseInt(batch.group(1));
      if (train.put(number, batch(content.readAllBytes(), name)) != null) {
        throw new DatasetFormatException(name, -1, "training batch " + number + " appears twice");
      }
    } else if (file.equals(TEST)) {
      test = LayoutReader.once(test, batch(content.readAllBytes(), name), name);
    } else if (file.equals(META)) {
      classNames = LayoutReader.once(classNames, meta(content.readAllBytes(), name), name);
    }
  }

  @Override
  public DatasetArchive.Contents finish() throws DatasetFormatException {
    if (train.isEmpty()) {
      throw new DatasetFormatException(FOLDER + "data_batch_N", -1, "no training batch found");
    }
    if (test == null) {
      throw new DatasetFormatException(FOLDER + TEST, -1, "missing from the archive");
    }
    if (classNames == null) {
      throw new DatasetFormatException(FOLDER + META, -1, "missing from the archive");
    }
    List<ImageSet> batches = new ArrayList<>();
    for (Batch batch : train.values()) {
      batch.checkLabels(classNames.size());
      batches.add(batch.images);
    }
    test.checkLabels(classNames.size());
    return new DatasetArchive.Contents(
        DatasetArchive.CIFAR10_PYTHON,
        ImageSet.concat(batches.toArray(ImageSet[]::new)),
        test.images,
        classNames,
        null);
  }

  private static Batch batch(byte[] pickle, String file) throws DatasetFormatException {
    Map<String, Object> dict = NumpyPickle.dict(NumpyPickle.load(pickle, file), file);
    if (!(dict.get("data") instanceof NumpyPickle.NdArray)) {
      throw new DatasetFormatException(
          file, -1, "'data' is " + NumpyPickle.typeOf(dict.get("data")) + ", not a numpy array");
    }
    NumpyPickle.NdArray data = (NumpyPickle.NdArray) dict.get("data");
    if (data.shape == null) {
      throw new DatasetFormatException(file, -1, "'data' is a numpy array without its state");
    }
    if (!"u1".equals(data.dtype) && !"uint8".equals(data.dtype)) {
      throw new DatasetFormatException(
          file, -1, "'data' has dtype " + data.dtype + ", expected uint8 (u1)");
    }
    if (data.shape.length != 2 || data.shape[1] != ImageSet.IMAGE_BYTES || data.fortran) {
      throw new DatasetFormatException(
          file,
          -1,
          "'data' has shape "
              + Arrays.toString(data.shape)
              + (data.fortran ? " in Fortran order" : "")
              + ", expected (N, 3072) in C order");
    }
    long rows = data.shape[0];
    if (data.data.length != rows * ImageSet.IMAGE_BYTES) {
      throw new DatasetFormatException(
          file,
          -1,
          "'data' holds "
              + data.data.length
              + " bytes, its shape needs "
              + rows * ImageSet.IMAGE_BYTES);
    }
    if (!(dict.get("labels") instanceof List)) {
      throw new DatasetFormatException(
          file, -1, "'labels' is " + NumpyPickle.typeOf(dict.get("labels")) + ", not a list");
    }
    List<?> labels = (List<?>) dict.get("labels");
    if (labels.size() != rows) {
      throw new DatasetFormatException(file, -1, labels.size() + " labels for " + rows + " images");
    }
    byte[] bytes = new byte[labels.size()];
    for (int i = 0; i < bytes.length; i++) {
      Object label = labels.get(i);
      if (!(label instanceof Integer) && !(label instanceof Long)) {
        // named by its type: a list or dict may hold itself, and printing it would not end
        throw new DatasetFormatException(
            file,
            -1,
            "label of image " + i + " is " + NumpyPickle.typeOf(label) + ", not a class index");
      }
      long value = ((Number) label).longValue();
      if (value < 0 || value > 255) {
        throw new DatasetFormatException(
            file, -1, "label " + label + " of image " + i + " is not a class index");
      }
      bytes[i] = (byte) value;
    }
    return new Batch(file, new ImageSet(bytes, data.data));
  }

  private static List<String> meta(byte[] pickle, String file) throws DatasetFormatException {
    Object names = NumpyPickle.dict(NumpyPickle.load(pickle, file), file).get("label_names");
    if (!(names instanceof List)) {
      throw new DatasetFormatException(
          file, -1, "'label_names' is " + NumpyPickle.typeOf(names) + ", not a list");
    }
    List<String> text = new ArrayList<>();
    for (Object name : (List<?>) names) {
      if (!(name instanceof String) && !(name instanceof byte[])) {
        throw new DatasetFormatException(
            file, -1, "'label_names' holds " + NumpyPickle.typeOf(name) + ", not a string");
      }
      text.add(NumpyPickle.text(name));
    }
    return ClassNames.checked(text, file);
  }

  /** One batch's images, remembered with its file to report a bad label. */
  private record Batch(String file, ImageSet images) {

    void checkLabels(int classes) throws DatasetFormatException {
      for (int i = 0; i < images.size(); i++) {
        if (images.label(i) >= classes) {
          throw new DatasetFormatException(
              file,
              -1,
              "label "
                  + images.label(i)
                  + " of image "
                  + i
                  + " is out of range for "
                  + classes
                  + " classes");
        }
      }
    }
  }
}
