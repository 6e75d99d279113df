package dev.stride.data.archive;

import dev.stride.data.archive.DatasetFormatException.Problem;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * An uploaded .tar, .tar.gz or .zip, recognised from its first bytes (never from its name) and read
 * entry by entry without writing anything to disk. The whole archive is refused when one entry is
 * unsafe (absolute name, a ".." segment, a link, a device or FIFO: {@code UNSAFE}), when it holds
 * more entries or decompressed bytes than its {@link ArchiveLimits} ({@code TOO_LARGE}: bytes are
 * counted as they are read, declared sizes are never trusted) or when it holds no regular file
 * ({@code MALFORMED}). Directories are skipped.
 */
public final class SafeArchive {

  /** Receives each regular file of the archive, in archive order. */
  @FunctionalInterface
  public interface EntryVisitor {

    /**
     * @param name the entry's path inside the archive, "/"-separated, without "." segments
     * @param content this entry's bytes only; what the visitor leaves unread is still read (and
     *     counted) afterwards
     */
    void visit(String name, InputStream content) throws IOException, DatasetFormatException;
  }

  public static final String NOT_AN_ARCHIVE = "not a tar, tar.gz or zip archive";

  private static final byte[] GZIP_MAGIC = {0x1f, (byte) 0x8b};
  private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};
  private static final byte[] USTAR = "ustar".getBytes(StandardCharsets.US_ASCII);
  private static final int USTAR_OFFSET = 257;
  private static final int BLOCK = 512;

  private final Path file;
  private final ArchiveLimits limits;
  private final boolean zip;

  private SafeArchive(Path file, ArchiveLimits limits, boolean zip) {
    this.file = file;
    this.limits = limits;
    this.zip = zip;
  }

  /**
   * Recognises the archive's format.
   *
   * @throws DatasetFormatException UNSUPPORTED if it is none of tar, tar.gz and zip; MALFORMED if
   *     its gzip header is broken
   */
  public static SafeArchive open(Path file, ArchiveLimits limits)
      throws IOException, DatasetFormatException {
    try (BufferedInputStream in = new BufferedInputStream(Files.newInputStream(file));
        InputStream tar = tarStream(in)) {
      return new SafeArchive(file, limits, tar == null);
    }
  }

  /** Visits every regular file; may be called again for a second pass. */
  public void forEachFile(EntryVisitor visitor) throws IOException, DatasetFormatException {
    EntryGate gate = new EntryGate(limits, visitor);
    if (zip) {
      ZipEntries.visit(file, gate);
    } else {
      try (BufferedInputStream in = new BufferedInputStream(Files.newInputStream(file));
          InputStream tar = tarStream(in)) {
        TarEntries.visit(tar, gate);
      }
    }
    gate.finish();
  }

  /** The names of the regular files, in archive order; every check and limit applies. */
  public List<String> fileNames() throws IOException, DatasetFormatException {
    List<String> names = new ArrayList<>();
    forEachFile((name, content) -> names.add(name));
    return names;
  }

  /**
   * Visits every regular file of a tar or tar.gz read as a stream. A zip cannot be checked from a
   * stream (links are marked only in its central directory, at the end) and is refused.
   */
  public static void forEachFile(InputStream archive, ArchiveLimits limits, EntryVisitor visitor)
      throws IOException, DatasetFormatException {
    try (InputStream tar = tarStream(new BufferedInputStream(archive))) {
      if (tar == null) {
        throw new DatasetFormatException(
            Problem.UNSUPPORTED, null, -1, "a zip archive can only be read from a file");
      }
      EntryGate gate = new EntryGate(limits, visitor);
      TarEntries.visit(tar, gate);
      gate.finish();
    }
  }

  /** The tar stream inside {@code in}, decompressed when gzipped; null for a zip. */
  private static InputStream tarStream(BufferedInputStream in)
      throws IOException, DatasetFormatException {
    byte[] magic = peek(in, ZIP_MAGIC.length);
    if (startsWith(magic, ZIP_MAGIC)) {
      return null;
    }
    BufferedInputStream tar = in;
    if (startsWith(magic, GZIP_MAGIC)) {
      try {
        // concatenated members are one stream, as gzip(1) reads them
        tar = new BufferedInputStream(new GzipCompressorInputStream(in, true));
        magic = peek(tar, BLOCK);
      } catch (IOException e) {
        throw new DatasetFormatException(
            Problem.MALFORMED, null, -1, "not a readable gzip stream (" + e.getMessage() + ")", e);
      }
    } else {
      magic = peek(in, BLOCK);
    }
    if (!looksLikeTar(magic)) {
      throw new DatasetFormatException(Problem.UNSUPPORTED, null, -1, NOT_AN_ARCHIVE);
    }
    return tar;
  }

  /** A POSIX or GNU tar header, or the zero block that ends (here: is all of) an empty tar. */
  private static boolean looksLikeTar(byte[] head) {
    if (head.length < BLOCK) {
      return false;
    }
    byte[] magic = Arrays.copyOfRange(head, USTAR_OFFSET, USTAR_OFFSET + USTAR.length);
    return Arrays.equals(magic, USTAR) || Arrays.equals(head, new byte[BLOCK]);
  }

  private static byte[] peek(BufferedInputStream in, int n) throws IOException {
    in.mark(n);
    byte[] head = in.readNBytes(n);
    in.reset();
    return head;
  }

  private static boolean startsWith(byte[] bytes, byte[] prefix) {
    return bytes.length >= prefix.length
        && Arrays.equals(Arrays.copyOf(bytes, prefix.length), prefix);
  }
}
