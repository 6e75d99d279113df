package dev.stride.data.archive;

/**
 * Dataset bytes that are not what they claim to be. {@code file} and {@code offset} (bytes from the
 * start of that file; -1 when not applicable) locate the problem for the user; {@link #problem()}
 * says what kind of refusal it is, so that a service maps it to one HTTP status and failure reason.
 */
public class DatasetFormatException extends Exception {

  /** Why the dataset was refused; the HTTP status a service answers with is given for each. */
  public enum Problem {
    /** Not an archive format Stride reads, or a layout it does not know: 415 or 422. */
    UNSUPPORTED,
    /** A limit of {@link ArchiveLimits} was hit (bytes, entries, picture size): 413. */
    TOO_LARGE,
    /** An entry that could escape or alias the extraction: path traversal, link, device: 422. */
    UNSAFE,
    /**
     * Known format, broken content: truncated record, bad label, bad pickle, empty archive: 422.
     */
    MALFORMED
  }

  private final Problem problem;
  private final String file;
  private final long offset;

  /** A {@link Problem#MALFORMED} file. */
  public DatasetFormatException(String file, long offset, String message) {
    this(Problem.MALFORMED, file, offset, message);
  }

  public DatasetFormatException(Problem problem, String file, long offset, String message) {
    super(describe(file, offset, message));
    this.problem = problem;
    this.file = file;
    this.offset = offset;
  }

  /** As above, keeping the parser's own exception as the cause. */
  public DatasetFormatException(
      Problem problem, String file, long offset, String message, Throwable cause) {
    this(problem, file, offset, message);
    initCause(cause);
  }

  public Problem problem() {
    return problem;
  }

  public String file() {
    return file;
  }

  public long offset() {
    return offset;
  }

  private static String describe(String file, long offset, String message) {
    StringBuilder text = new StringBuilder();
    if (file != null) {
      text.append(file);
      if (offset >= 0) {
        text.append(" at byte ").append(offset);
      }
      text.append(": ");
    }
    return text.append(message).toString();
  }
}
