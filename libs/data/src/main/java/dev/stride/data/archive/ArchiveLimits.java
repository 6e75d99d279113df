package dev.stride.data.archive;

/**
 * Caps applied while an uploaded archive is read, so that a small upload cannot make Stride
 * decompress, list or decode without bound. Crossing one is a {@link
 * DatasetFormatException.Problem#TOO_LARGE} refusal.
 *
 * @param maxBytes decompressed bytes of all entries together, counted as they are read (declared
 *     sizes in headers are never trusted)
 * @param maxEntries entries of any kind, directories included
 * @param maxImagePixels width × height a picture of an image-folder archive may declare; checked
 *     from the picture's header, before it is decoded
 * @param maxClassNameLength characters of one class name (names go into every caption, summary and
 *     prediction)
 * @param maxClasses class names of a dataset, at most 256 (labels are one byte)
 */
public record ArchiveLimits(
    long maxBytes, int maxEntries, long maxImagePixels, int maxClassNameLength, int maxClasses) {

  /**
   * 1 GiB: CIFAR-10 and CIFAR-100 are about 180 MB decompressed in any of their layouts, so this
   * leaves room for image-folder datasets several times CIFAR's size while bounding memory, since
   * the readers hold the images they decode.
   */
  public static final long DEFAULT_MAX_BYTES = 1L << 30;

  /**
   * 100,000: CIFAR-10 saved as an image folder is 60,000 pictures plus their directories; the
   * binary and python layouts have under ten entries.
   */
  public static final int DEFAULT_MAX_ENTRIES = 100_000;

  /**
   * 4096 × 4096: any photo a person would put in a class folder, while the decoded canvas stays at
   * 64 MB (4 bytes a pixel) before it is scaled down to 32×32.
   */
  public static final long DEFAULT_MAX_IMAGE_PIXELS = 4096L * 4096;

  /**
   * 100 characters: CIFAR-100's longest name has 13, ImageNet's longest synset names about 60; a
   * caption shows about 15.
   */
  public static final int DEFAULT_MAX_CLASS_NAME_LENGTH = 100;

  /** 256: a label is one byte in every CIFAR layout and in a shard. */
  public static final int DEFAULT_MAX_CLASSES = 256;

  public ArchiveLimits {
    if (maxBytes <= 0 || maxEntries <= 0 || maxImagePixels <= 0) {
      throw new IllegalArgumentException(
          "limits must be positive: maxBytes="
              + maxBytes
              + ", maxEntries="
              + maxEntries
              + ", maxImagePixels="
              + maxImagePixels);
    }
    if (maxClassNameLength <= 0 || maxClasses < 2 || maxClasses > DEFAULT_MAX_CLASSES) {
      throw new IllegalArgumentException(
          "a class name must be allowed a character and a dataset 2 to 256 classes:"
              + " maxClassNameLength="
              + maxClassNameLength
              + ", maxClasses="
              + maxClasses);
    }
  }

  /** The archive caps with the default class-name caps. */
  public ArchiveLimits(long maxBytes, int maxEntries, long maxImagePixels) {
    this(maxBytes, maxEntries, maxImagePixels, DEFAULT_MAX_CLASS_NAME_LENGTH, DEFAULT_MAX_CLASSES);
  }

  public static ArchiveLimits defaults() {
    return new ArchiveLimits(DEFAULT_MAX_BYTES, DEFAULT_MAX_ENTRIES, DEFAULT_MAX_IMAGE_PIXELS);
  }

  public ArchiveLimits withMaxBytes(long bytes) {
    return new ArchiveLimits(bytes, maxEntries, maxImagePixels, maxClassNameLength, maxClasses);
  }

  public ArchiveLimits withMaxEntries(int entries) {
    return new ArchiveLimits(maxBytes, entries, maxImagePixels, maxClassNameLength, maxClasses);
  }

  public ArchiveLimits withMaxImagePixels(long pixels) {
    return new ArchiveLimits(maxBytes, maxEntries, pixels, maxClassNameLength, maxClasses);
  }

  public ArchiveLimits withClassNames(int maxLength, int maxCount) {
    return new ArchiveLimits(maxBytes, maxEntries, maxImagePixels, maxLength, maxCount);
  }
}
