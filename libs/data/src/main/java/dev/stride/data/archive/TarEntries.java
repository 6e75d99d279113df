package dev.stride.data.archive;

import dev.stride.data.archive.DatasetFormatException.Problem;
import java.io.IOException;
import java.io.InputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/** Walks a tar stream (already decompressed) through an {@link EntryGate}. */
final class TarEntries {

  /**
   * Tar stream bytes that are not entry content: a header block, up to a block of padding and a
   * long-name or pax block per entry. Those decompress too, so they are bounded as well: a bomb
   * cannot hide in a pax record.
   */
  private static final long HEADER_BYTES_PER_ENTRY = 3 * 512;

  private TarEntries() {}

  static void visit(InputStream tarStream, EntryGate gate)
      throws IOException, DatasetFormatException {
    ArchiveLimits limits = gate.limits();
    long cap = saturatedAdd(limits.maxBytes(), HEADER_BYTES_PER_ENTRY * (limits.maxEntries() + 1L));
    MeteredInputStream metered =
        new MeteredInputStream(
            tarStream,
            new ByteMeter(
                cap,
                "archive holds more than " + cap + " bytes once decompressed, headers included"),
            null);
    TarArchiveInputStream tar = new TarArchiveInputStream(metered);
    String name = null;
    try {
      while (true) {
        name = null; // a header that fails to parse belongs to no entry yet
        TarArchiveEntry entry = tar.getNextEntry();
        if (entry == null) {
          break;
        }
        name = gate.admit(entry.getName());
        metered.entry(name);
        refuseSpecial(entry, name);
        if (entry.isDirectory()) {
          continue;
        }
        gate.visitFile(name, tar);
      }
    } catch (IOException | IllegalArgumentException e) {
      // Commons Compress reports a corrupt header with either
      throw gate.unreadable(e, name);
    }
  }

  private static void refuseSpecial(TarArchiveEntry entry, String name)
      throws DatasetFormatException {
    if (entry.isSymbolicLink()) {
      throw EntryGate.unsafe(name, "symbolic link (to " + entry.getLinkName() + ") refused");
    }
    if (entry.isLink()) {
      throw EntryGate.unsafe(name, "hard link (to " + entry.getLinkName() + ") refused");
    }
    if (entry.isCharacterDevice() || entry.isBlockDevice()) {
      throw EntryGate.unsafe(name, "device entry refused");
    }
    if (entry.isFIFO()) {
      throw EntryGate.unsafe(name, "FIFO entry refused");
    }
    if (!entry.isDirectory() && !entry.isFile()) {
      throw new DatasetFormatException(
          Problem.UNSUPPORTED,
          name,
          -1,
          "tar entry of type '" + (char) entry.getLinkFlag() + "' is neither a file nor a folder");
    }
  }

  private static long saturatedAdd(long a, long b) {
    return a > Long.MAX_VALUE - b ? Long.MAX_VALUE : a + b;
  }
}
