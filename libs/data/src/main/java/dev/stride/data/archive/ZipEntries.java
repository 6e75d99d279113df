package dev.stride.data.archive;

import dev.stride.data.archive.DatasetFormatException.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Set;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.archivers.zip.ZipMethod;

/**
 * Walks a zip file through an {@link EntryGate}. Read from the central directory, not as a stream:
 * only the central directory holds the Unix mode that marks links and devices.
 */
final class ZipEntries {

  private static final int TYPE_MASK = 0170000;
  private static final int REGULAR = 0100000;
  private static final int DIRECTORY = 0040000;
  private static final int SYMLINK = 0120000;

  /**
   * The compression methods Commons Compress reads on its own: stored, deflate, deflate64, bzip2.
   * It also takes Zstandard and XZ entries, but only with libraries Stride leaves out (reading one
   * threw NoClassDefFoundError).
   */
  private static final Set<Integer> READABLE_METHODS =
      Set.of(
          ZipMethod.STORED.getCode(),
          ZipMethod.DEFLATED.getCode(),
          ZipMethod.ENHANCED_DEFLATED.getCode(),
          ZipMethod.BZIP2.getCode());

  private ZipEntries() {}

  static void visit(Path file, EntryGate gate) throws IOException, DatasetFormatException {
    ZipFile zip;
    try {
      zip = ZipFile.builder().setPath(file).get();
    } catch (IOException e) {
      throw new DatasetFormatException(
          Problem.MALFORMED, null, -1, "not a readable zip archive (" + e.getMessage() + ")", e);
    }
    try (zip) {
      Enumeration<ZipArchiveEntry> entries = zip.getEntriesInPhysicalOrder();
      while (entries.hasMoreElements()) {
        ZipArchiveEntry entry = entries.nextElement();
        String name = gate.admit(entry.getName());
        refuseSpecial(entry, name);
        if (entry.isDirectory()) {
          continue;
        }
        if (!READABLE_METHODS.contains(entry.getMethod()) || !zip.canReadEntryData(entry)) {
          throw new DatasetFormatException(
              Problem.UNSUPPORTED,
              name,
              -1,
              "encrypted, or compressed with a method Stride does not read (method "
                  + entry.getMethod()
                  + ")");
        }
        try (InputStream in = zip.getInputStream(entry)) {
          gate.visitFile(name, in);
        } catch (IOException | IllegalArgumentException e) {
          throw gate.unreadable(e, name);
        }
      }
    }
  }

  private static void refuseSpecial(ZipArchiveEntry entry, String name)
      throws DatasetFormatException {
    // the mode is meaningful only when a Unix zip tool wrote it
    int type =
        entry.getPlatform() == ZipArchiveEntry.PLATFORM_UNIX ? entry.getUnixMode() & TYPE_MASK : 0;
    if (entry.isUnixSymlink() || type == SYMLINK) {
      throw EntryGate.unsafe(name, "symbolic link refused");
    }
    if (type != 0 && type != REGULAR && type != DIRECTORY) {
      throw EntryGate.unsafe(
          name, "special file (Unix mode " + Integer.toOctalString(type) + ") refused");
    }
  }
}
