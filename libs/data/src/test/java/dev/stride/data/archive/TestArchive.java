package dev.stride.data.archive;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/**
 * Builds archives for tests: files, folders, links and devices, written as tar, tar.gz or zip.
 * Shared with other modules' tests through this module's test jar.
 */
public final class TestArchive {

  /** One entry; {@code tarType} is a tar link flag, {@code unixMode} the zip equivalent. */
  private record Entry(String name, byte[] bytes, byte tarType, int unixMode, String link) {}

  private final List<Entry> entries = new ArrayList<>();

  public TestArchive file(String name, byte[] bytes) {
    entries.add(new Entry(name, bytes, TarConstants.LF_NORMAL, 0100644, null));
    return this;
  }

  public TestArchive file(String name, String text) {
    return file(name, text.getBytes(StandardCharsets.UTF_8));
  }

  public TestArchive folder(String name) {
    entries.add(new Entry(name, new byte[0], TarConstants.LF_DIR, 040755, null));
    return this;
  }

  public TestArchive symlink(String name, String target) {
    entries.add(new Entry(name, new byte[0], TarConstants.LF_SYMLINK, 0120777, target));
    return this;
  }

  public TestArchive hardLink(String name, String target) {
    entries.add(new Entry(name, new byte[0], TarConstants.LF_LINK, 0100644, target));
    return this;
  }

  public TestArchive special(String name, byte tarType, int unixMode) {
    entries.add(new Entry(name, new byte[0], tarType, unixMode, null));
    return this;
  }

  public Path tarGz(Path dir) throws IOException {
    Path file = Files.createTempFile(dir, "archive-", ".bin");
    try (OutputStream out = new GzipCompressorOutputStream(Files.newOutputStream(file))) {
      writeTar(out);
    }
    return file;
  }

  public Path tar(Path dir) throws IOException {
    Path file = Files.createTempFile(dir, "archive-", ".bin");
    try (OutputStream out = Files.newOutputStream(file)) {
      writeTar(out);
    }
    return file;
  }

  public Path zip(Path dir) throws IOException {
    Path file = Files.createTempFile(dir, "archive-", ".bin");
    try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(file)) {
      for (Entry e : entries) {
        ZipArchiveEntry entry = new ZipArchiveEntry(e.name);
        entry.setUnixMode(e.unixMode);
        zip.putArchiveEntry(entry);
        zip.write(e.link != null ? e.link.getBytes(StandardCharsets.UTF_8) : e.bytes);
        zip.closeArchiveEntry();
      }
    }
    return file;
  }

  private void writeTar(OutputStream out) throws IOException {
    TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    for (Entry e : entries) {
      TarArchiveEntry entry = new TarArchiveEntry(e.name, e.tarType, true);
      if (e.link != null) {
        entry.setLinkName(e.link);
      }
      entry.setSize(e.tarType == TarConstants.LF_NORMAL ? e.bytes.length : 0);
      tar.putArchiveEntry(entry);
      if (e.tarType == TarConstants.LF_NORMAL) {
        tar.write(e.bytes);
      }
      tar.closeArchiveEntry();
    }
    tar.finish();
  }
}
