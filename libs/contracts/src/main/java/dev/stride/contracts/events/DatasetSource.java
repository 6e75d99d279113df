package dev.stride.contracts.events;

/**
 * Where a dataset's bytes come from: exactly one of an http(s) URL of an archive (with an optional
 * MD5 to verify), a file on the ingestion service's machine (inside its import folder), an archive
 * already in the object store, or a synthetic spec. A request without a source means the canonical
 * CIFAR-10 download.
 */
public record DatasetSource(
    String url, String md5, String path, String objectKey, SyntheticSpec synthetic) {

  /** The canonical CIFAR-10 binary archive, about 170 MB. */
  public static final String CIFAR10_URL =
      "https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz";

  public static final String CIFAR10_MD5 = "c32a1d4ab5d03f1284b67883e8d87530";

  public DatasetSource {
    int given =
        (url != null ? 1 : 0)
            + (path != null ? 1 : 0)
            + (objectKey != null ? 1 : 0)
            + (synthetic != null ? 1 : 0);
    if (given != 1) {
      throw new InvalidFieldException(
          "source", "source needs exactly one of url, path, objectKey or synthetic, got " + given);
    }
    if (url != null && !(url.startsWith("http://") || url.startsWith("https://"))) {
      throw new InvalidFieldException(
          "source.url", "source.url must be http or https: '" + url + "'");
    }
    if (md5 != null && !md5.matches("[0-9a-fA-F]{32}")) {
      throw new InvalidFieldException(
          "source.md5", "source.md5 must be 32 hex digits: '" + md5 + "'");
    }
    if (md5 != null && url == null) {
      throw new InvalidFieldException("source.md5", "source.md5 goes with source.url only");
    }
    if (path != null && path.isBlank()) {
      throw new InvalidFieldException("source.path", "source.path is empty");
    }
  }

  public static DatasetSource ofUrl(String url, String md5) {
    return new DatasetSource(url, md5, null, null, null);
  }

  /** A file on the ingestion service's machine, relative to (and confined to) its import folder. */
  public static DatasetSource ofPath(String path) {
    return new DatasetSource(null, null, path, null, null);
  }

  public static DatasetSource ofObject(String objectKey) {
    return new DatasetSource(null, null, null, objectKey, null);
  }

  public static DatasetSource ofSynthetic(SyntheticSpec spec) {
    return new DatasetSource(null, null, null, null, spec);
  }

  /** The canonical CIFAR-10 download. */
  public static DatasetSource cifar10() {
    return ofUrl(CIFAR10_URL, CIFAR10_MD5);
  }
}
