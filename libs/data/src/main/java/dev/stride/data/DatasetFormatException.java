package dev.stride.data;

/**
 * Dataset bytes that are not what they claim to be. {@code file} and {@code offset} (bytes from the
 * start of that file; -1 when not applicable) locate the problem for the user.
 */
public class DatasetFormatException extends Exception {

  private final String file;
  private final long offset;

  public DatasetFormatException(String file, long offset, String problem) {
    super(describe(file, offset, problem));
    this.file = file;
    this.offset = offset;
  }

  public String file() {
    return file;
  }

  public long offset() {
    return offset;
  }

  private static String describe(String file, long offset, String problem) {
    StringBuilder message = new StringBuilder();
    if (file != null) {
      message.append(file);
      if (offset >= 0) {
        message.append(" at byte ").append(offset);
      }
      message.append(": ");
    }
    return message.append(problem).toString();
  }
}
