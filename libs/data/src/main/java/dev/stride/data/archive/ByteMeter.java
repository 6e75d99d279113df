package dev.stride.data.archive;

import java.io.IOException;

/**
 * Counts decompressed bytes as they flow out of an archive, against one cap shared by every stream
 * of one traversal. The first crossing is remembered, so the traversal reports it even when a
 * reader in between turned the signal into something else.
 */
final class ByteMeter {

  /** Thrown from a read that crossed the cap; streams can only throw IOException. */
  static final class LimitExceeded extends IOException {
    LimitExceeded(DatasetFormatException reason) {
      super(reason.getMessage(), reason);
    }
  }

  private final long cap;
  private final String what;
  private long used;
  private DatasetFormatException breach;

  /**
   * @param what the refusal's message, e.g. "archive holds more than 1024 bytes once decompressed"
   */
  ByteMeter(long cap, String what) {
    this.cap = cap;
    this.what = what;
  }

  /** Records {@code bytes} read from {@code entry} (null when between entries). */
  void add(long bytes, String entry) throws LimitExceeded {
    used += bytes;
    if (used > cap && breach == null) {
      breach =
          new DatasetFormatException(DatasetFormatException.Problem.TOO_LARGE, entry, -1, what);
    }
    if (breach != null) {
      throw new LimitExceeded(breach);
    }
  }

  /** The refusal, once the cap was crossed; null before. */
  DatasetFormatException breach() {
    return breach;
  }
}
