package dev.stride.data.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stride.data.archive.DatasetFormatException.Problem;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class SafeArchiveTest {

  private static final ArchiveLimits LIMITS = ArchiveLimits.defaults();

  @TempDir Path dir;

  @Test
  void visitsTheFilesOfATarGzATarAndAZipInArchiveOrder() throws Exception {
    TestArchive archive =
        new TestArchive()
            .folder("top/")
            .file("top/b.txt", "bee")
            .file("./top/a.txt", "ay")
            .folder("top/empty/");

    for (Path file : List.of(archive.tarGz(dir), archive.tar(dir), archive.zip(dir))) {
      List<String> seen = new ArrayList<>();
      SafeArchive.open(file, LIMITS)
          .forEachFile(
              (name, in) ->
                  seen.add(name + "=" + new String(in.readAllBytes(), StandardCharsets.UTF_8)));

      assertThat(seen).containsExactly("top/b.txt=bee", "top/a.txt=ay");
    }
  }

  @Test
  void refusesWhatIsNoTarGzipOrZipWhateverItsName() throws Exception {
    Path text = Files.writeString(dir.resolve("data.tar.gz"), "hello, this is not an archive");

    assertRefused(() -> SafeArchive.open(text, LIMITS), Problem.UNSUPPORTED)
        .hasMessage("not a tar, tar.gz or zip archive");
  }

  @Test
  void refusesAGzippedFileThatIsNoTar() throws Exception {
    Path gz = dir.resolve("notes.gz");
    try (OutputStream out = new GzipCompressorOutputStream(Files.newOutputStream(gz))) {
      out.write("plain text, not a tar. ".repeat(40).getBytes(StandardCharsets.UTF_8));
    }

    assertRefused(() -> SafeArchive.open(gz, LIMITS), Problem.UNSUPPORTED)
        .hasMessage("not a tar, tar.gz or zip archive");
  }

  @Test
  void refusesAnArchiveWithoutRegularFiles() throws Exception {
    Path file = new TestArchive().folder("cats/").zip(dir);

    assertRefused(() -> SafeArchive.open(file, LIMITS).fileNames(), Problem.MALFORMED)
        .hasMessage("the archive is empty");
  }

  @Test
  void namesTheEntryWhereATruncatedTarGzEnds() throws Exception {
    byte[] noise = new byte[200_000];
    new java.util.Random(1).nextBytes(noise); // incompressible, so the cut falls inside it
    byte[] whole = Files.readAllBytes(new TestArchive().file("big.bin", noise).tarGz(dir));
    Path cut = Files.write(dir.resolve("cut.tgz"), Arrays.copyOf(whole, whole.length / 2));

    assertRefused(() -> SafeArchive.open(cut, LIMITS).fileNames(), Problem.MALFORMED)
        .hasMessageStartingWith("big.bin: corrupt or truncated archive (");
  }

  @Test
  void refusesAPathThatClimbsOut() throws Exception {
    Path file = new TestArchive().file("ok.txt", "x").file("data/../../evil", "x").tarGz(dir);

    assertRefused(() -> SafeArchive.open(file, LIMITS).fileNames(), Problem.UNSAFE)
        .hasMessage("data/../../evil: entry name climbs out of the archive with \"..\"");
  }

  @Test
  void refusesAbsoluteNamesInTarsAndZips() throws Exception {
    Path tar = new TestArchive().file("/etc/passwd", "root:x:0:0").tar(dir);
    Path zip = new TestArchive().file("C:\\Windows\\evil.dll", "MZ").zip(dir);

    assertRefused(() -> SafeArchive.open(tar, LIMITS).fileNames(), Problem.UNSAFE)
        .hasMessage("/etc/passwd: absolute entry name; entries must stay inside the archive");
    assertRefused(() -> SafeArchive.open(zip, LIMITS).fileNames(), Problem.UNSAFE)
        .hasMessage(
            "C:/Windows/evil.dll: absolute entry name; entries must stay inside the archive");
  }

  @Test
  void refusesSymbolicLinksInTarsAndZips() throws Exception {
    TestArchive archive = new TestArchive().file("a.txt", "x").symlink("cats/link", "/etc/passwd");

    assertRefused(() -> SafeArchive.open(archive.tarGz(dir), LIMITS).fileNames(), Problem.UNSAFE)
        .hasMessage("cats/link: symbolic link (to /etc/passwd) refused");
    assertRefused(() -> SafeArchive.open(archive.zip(dir), LIMITS).fileNames(), Problem.UNSAFE)
        .hasMessage("cats/link: symbolic link refused");
  }

  @Test
  void refusesHardLinks() throws Exception {
    Path file = new TestArchive().file("a.txt", "x").hardLink("b.txt", "a.txt").tar(dir);

    assertRefused(() -> SafeArchive.open(file, LIMITS).fileNames(), Problem.UNSAFE)
        .hasMessage("b.txt: hard link (to a.txt) refused");
  }

  @Test
  void refusesDevicesAndFifos() throws Exception {
    Path chr = new TestArchive().special("dev/zero", TarConstants.LF_CHR, 020666).tar(dir);
    Path blk = new TestArchive().special("dev/sda", TarConstants.LF_BLK, 060660).tarGz(dir);
    Path fifo = new TestArchive().special("pipe", TarConstants.LF_FIFO, 010644).tar(dir);
    Path zipChr = new TestArchive().special("dev/zero", TarConstants.LF_CHR, 020666).zip(dir);

    assertRefused(() -> SafeArchive.open(chr, LIMITS).fileNames(), Problem.UNSAFE)
        .hasMessage("dev/zero: device entry refused");
    assertRefused(() -> SafeArchive.open(blk, LIMITS).fileNames(), Problem.UNSAFE)
        .hasMessage("dev/sda: device entry refused");
    assertRefused(() -> SafeArchive.open(fifo, LIMITS).fileNames(), Problem.UNSAFE)
        .hasMessage("pipe: FIFO entry refused");
    assertRefused(() -> SafeArchive.open(zipChr, LIMITS).fileNames(), Problem.UNSAFE)
        .hasMessage("dev/zero: special file (Unix mode 20000) refused");
  }

  @Test
  void refusesMoreEntriesThanTheCapFoldersIncluded() throws Exception {
    TestArchive archive = new TestArchive().folder("cats/");
    for (int i = 0; i < 5; i++) {
      archive.file("cats/" + i + ".png", "x");
    }
    ArchiveLimits five = LIMITS.withMaxEntries(5);

    assertRefused(() -> SafeArchive.open(archive.zip(dir), five).fileNames(), Problem.TOO_LARGE)
        .hasMessage("the archive holds more than 5 entries");
    assertThat(SafeArchive.open(archive.tar(dir), five.withMaxEntries(6)).fileNames()).hasSize(5);
  }

  /**
   * 200 MB of zeros gzip to about 200 KB. The cap stops the reading at 16 MB although the visitor
   * reads nothing: what it leaves is still decompressed, and counted.
   */
  @Test
  void stopsACompressionBombAtTheCap() throws Exception {
    Path bomb = dir.resolve("bomb.tgz");
    long size = 200L << 20;
    try (TarArchiveOutputStream tar =
        new TarArchiveOutputStream(new GzipCompressorOutputStream(Files.newOutputStream(bomb)))) {
      TarArchiveEntry entry = new TarArchiveEntry("cifar-10-batches-bin/data_batch_1.bin");
      entry.setSize(size);
      tar.putArchiveEntry(entry);
      byte[] zeros = new byte[1 << 20];
      for (long written = 0; written < size; written += zeros.length) {
        tar.write(zeros);
      }
      tar.closeArchiveEntry();
    }
    assertThat(Files.size(bomb)).isLessThan(1 << 20);

    assertRefused(
            () -> SafeArchive.open(bomb, LIMITS.withMaxBytes(16 << 20)).forEachFile((n, in) -> {}),
            Problem.TOO_LARGE)
        .hasMessage(
            "cifar-10-batches-bin/data_batch_1.bin: archive holds more than 16777216 bytes once"
                + " decompressed");
  }

  @Test
  void countsBytesAcrossEntries() throws Exception {
    Path file =
        new TestArchive().file("a.bin", new byte[600]).file("b.bin", new byte[600]).zip(dir);

    assertRefused(
            () -> SafeArchive.open(file, LIMITS.withMaxBytes(1000)).fileNames(), Problem.TOO_LARGE)
        .hasMessage("b.bin: archive holds more than 1000 bytes once decompressed");
  }

  @Test
  void refusesAZipEntryCompressedWithZstandard() throws Exception {
    // found by DatasetArchiveFuzzTest: Commons Compress takes method 93 (Zstandard) but needs
    // zstd-jni to read it, and NoClassDefFoundError escaped
    Path zip = new TestArchive().file("a.txt", "x").zip(dir);
    byte[] bytes = Files.readAllBytes(zip);
    setMethod(bytes, new byte[] {'P', 'K', 3, 4}, 8, 93); // local file header
    setMethod(bytes, new byte[] {'P', 'K', 1, 2}, 10, 93); // central directory
    Files.write(zip, bytes);

    assertRefused(() -> SafeArchive.open(zip, LIMITS).fileNames(), Problem.UNSUPPORTED)
        .hasMessage(
            "a.txt: encrypted, or compressed with a method Stride does not read (method 93)");
  }

  /**
   * Sets the 2-byte method field at {@code offset} of the header that starts with {@code magic}.
   */
  private static void setMethod(byte[] zip, byte[] magic, int offset, int method) {
    for (int i = 0; i + magic.length <= zip.length; i++) {
      if (Arrays.equals(zip, i, i + magic.length, magic, 0, magic.length)) {
        zip[i + offset] = (byte) method;
        zip[i + offset + 1] = (byte) (method >> 8);
        return;
      }
    }
    throw new IllegalArgumentException("no header " + Arrays.toString(magic));
  }

  @Test
  void refusesAZipReadAsAStream() throws Exception {
    Path zip = new TestArchive().file("a.txt", "x").zip(dir);

    assertRefused(
            () -> SafeArchive.forEachFile(Files.newInputStream(zip), LIMITS, (name, in) -> {}),
            Problem.UNSUPPORTED)
        .hasMessage("a zip archive can only be read from a file");
  }

  public static org.assertj.core.api.AbstractThrowableAssert<?, ? extends Throwable> assertRefused(
      ThrowingCallable call, Problem problem) {
    return assertThatThrownBy(call)
        .isInstanceOf(DatasetFormatException.class)
        .satisfies(e -> assertThat(((DatasetFormatException) e).problem()).isEqualTo(problem));
  }
}
