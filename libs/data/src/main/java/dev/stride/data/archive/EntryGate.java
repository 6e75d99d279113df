package dev.stride.data.archive;

import dev.stride.data.archive.DatasetFormatException.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.StringJoiner;
import java.util.regex.Pattern;

/**
 * What every archive entry goes through, whatever the archive format: the entry count, the name
 * checks, the byte meter and the visitor. One gate serves one traversal.
 */
final class EntryGate {

  // C:foo and C:\foo are both anchored to a drive, so neither is inside the archive
  private static final Pattern DRIVE = Pattern.compile("^[A-Za-z]:");

  private final ArchiveLimits limits;
  private final SafeArchive.EntryVisitor visitor;
  private final ByteMeter content;
  private int entries;
  private int files;

  EntryGate(ArchiveLimits limits, SafeArchive.EntryVisitor visitor) {
    this.limits = limits;
    this.visitor = visitor;
    this.content =
        new ByteMeter(
            limits.maxBytes(),
            "archive holds more than " + limits.maxBytes() + " bytes once decompressed");
  }

  ArchiveLimits limits() {
    return limits;
  }

  /**
   * Counts one entry of any kind and checks its name.
   *
   * @return the name with backslashes as slashes and without empty or "." segments
   * @throws DatasetFormatException TOO_LARGE past the entry cap, UNSAFE for an absolute name or a
   *     ".." segment
   */
  String admit(String rawName) throws DatasetFormatException {
    entries++;
    if (entries > limits.maxEntries()) {
      throw new DatasetFormatException(
          Problem.TOO_LARGE,
          null,
          -1,
          "the archive holds more than " + limits.maxEntries() + " entries");
    }
    String name = rawName.replace('\\', '/');
    if (name.startsWith("/") || DRIVE.matcher(name).lookingAt()) {
      throw unsafe(rawName, "absolute entry name; entries must stay inside the archive");
    }
    StringJoiner normal = new StringJoiner("/");
    for (String segment : name.split("/")) {
      if (segment.equals("..")) {
        throw unsafe(rawName, "entry name climbs out of the archive with \"..\"");
      }
      if (!segment.isEmpty() && !segment.equals(".")) {
        normal.add(segment);
      }
    }
    return normal.toString();
  }

  /** Hands one regular file to the visitor, then reads what it left so that those bytes count. */
  void visitFile(String name, InputStream raw) throws IOException, DatasetFormatException {
    files++;
    MeteredInputStream in = new MeteredInputStream(raw, content, name);
    try {
      visitor.visit(name, in);
      in.transferTo(OutputStream.nullOutputStream());
    } catch (IOException | DatasetFormatException e) {
      // a visitor may have wrapped the meter's signal; the cap is the real reason then
      if (content.breach() != null) {
        throw content.breach();
      }
      throw e;
    }
  }

  /** After the last entry: an archive needs at least one regular file. */
  void finish() throws DatasetFormatException {
    if (files == 0) {
      throw new DatasetFormatException(Problem.MALFORMED, null, -1, "the archive is empty");
    }
  }

  /** What an I/O failure while reading {@code entry} (null between entries) is reported as. */
  DatasetFormatException unreadable(Exception e, String entry) {
    if (content.breach() != null) {
      return content.breach();
    }
    if (e instanceof ByteMeter.LimitExceeded) {
      return (DatasetFormatException) e.getCause();
    }
    return new DatasetFormatException(
        Problem.MALFORMED, entry, -1, "corrupt or truncated archive (" + e.getMessage() + ")", e);
  }

  static DatasetFormatException unsafe(String entry, String why) {
    return new DatasetFormatException(Problem.UNSAFE, entry, -1, why);
  }
}
