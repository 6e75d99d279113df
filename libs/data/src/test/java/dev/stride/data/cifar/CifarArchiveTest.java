package dev.stride.data.cifar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stride.data.ImageSet;
import dev.stride.data.SyntheticCifar;
import dev.stride.data.archive.DatasetFormatException;
import dev.stride.data.archive.DatasetFormatException.Problem;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;

class CifarArchiveTest {

  private static final List<String> NAMES =
      List.of(
          "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");
  private static final long CAP = 1L << 30;

  @Test
  void readsTheRealLayoutBackInBatchOrder() throws Exception {
    ImageSet train = SyntheticCifar.generate(50, 1);
    ImageSet test = SyntheticCifar.generate(12, 2);

    CifarArchive.Contents contents = CifarArchive.read(archive(train, 5, test, NAMES), CAP);

    assertThat(contents.classNames()).isEqualTo(NAMES);
    assertThat(contents.train().labels()).isEqualTo(train.labels());
    assertThat(contents.train().pixels()).isEqualTo(train.pixels());
    assertThat(contents.test().pixels()).isEqualTo(test.pixels());
  }

  @Test
  void takesClassNamesFromTheArchive() throws Exception {
    List<String> names = List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l");

    CifarArchive.Contents contents =
        CifarArchive.read(
            archive(SyntheticCifar.generate(5, 1), 1, SyntheticCifar.generate(5, 2), names), CAP);

    assertThat(contents.classNames()).isEqualTo(names);
  }

  @Test
  void namesTheBatchAndOffsetOfALabelBeyondTheClassNames() throws Exception {
    ImageSet train = SyntheticCifar.generate(6, 1);
    java.util.Arrays.fill(train.labels(), (byte) 0);
    train.labels()[4] = 7; // batch 2 holds images 3..5, so this is its second record

    assertThatThrownBy(
            () ->
                CifarArchive.read(
                    archive(
                        train,
                        2,
                        new ImageSet(new byte[1], new byte[3072]),
                        List.of("a", "b", "c", "d", "e", "f", "g")),
                    CAP))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessage(
            "cifar-10-batches-bin/data_batch_2.bin at byte 3073: label 7 is out of range for 7 classes")
        .satisfies(e -> assertThat(problem(e)).isEqualTo(Problem.MALFORMED));
  }

  @Test
  void refusesAnArchiveWithoutATestBatch() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar =
        new TarArchiveOutputStream(new GzipCompressorOutputStream(out))) {
      entry(
          tar,
          "cifar-10-batches-bin/data_batch_1.bin",
          CifarBinary.toBytes(SyntheticCifar.generate(2, 1)));
    }

    assertThatThrownBy(() -> CifarArchive.read(new ByteArrayInputStream(out.toByteArray()), CAP))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessage(
            "unknown layout: expected cifar-10-batches-bin/data_batch_N.bin and"
                + " cifar-10-batches-bin/test_batch.bin; no test batch found")
        .satisfies(e -> assertThat(problem(e)).isEqualTo(Problem.MALFORMED));
  }

  @Test
  void refusesAnEmptyArchive() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new TarArchiveOutputStream(new GzipCompressorOutputStream(out)).close();

    assertThatThrownBy(() -> CifarArchive.read(new ByteArrayInputStream(out.toByteArray()), CAP))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessage("the archive is empty")
        .satisfies(e -> assertThat(problem(e)).isEqualTo(Problem.MALFORMED));
  }

  @Test
  void refusesBytesThatAreNoArchive() {
    assertThatThrownBy(
            () -> CifarArchive.read(new ByteArrayInputStream("hello, world".getBytes()), CAP))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessage("not a tar, tar.gz or zip archive")
        .satisfies(e -> assertThat(problem(e)).isEqualTo(Problem.UNSUPPORTED));
  }

  @Test
  void readsAnUncompressedTarToo() throws Exception {
    ImageSet train = SyntheticCifar.generate(4, 1);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
      entry(tar, "cifar-10-batches-bin/data_batch_1.bin", CifarBinary.toBytes(train));
      entry(tar, "cifar-10-batches-bin/test_batch.bin", CifarBinary.toBytes(train));
    }

    CifarArchive.Contents contents =
        CifarArchive.read(new ByteArrayInputStream(out.toByteArray()), CAP);

    assertThat(contents.train().pixels()).isEqualTo(train.pixels());
    assertThat(contents.classNames()).hasSize(10).startsWith("class-0", "class-1");
  }

  @Test
  void stopsReadingAtTheDecompressedSizeCap() throws Exception {
    ImageSet train = SyntheticCifar.generate(20, 1);

    assertThatThrownBy(
            () ->
                CifarArchive.read(archive(train, 2, SyntheticCifar.generate(2, 2), NAMES), 40_000))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessage(
            "cifar-10-batches-bin/data_batch_2.bin: archive holds more than 40000 bytes once decompressed")
        .satisfies(e -> assertThat(problem(e)).isEqualTo(Problem.TOO_LARGE));
  }

  @Test
  void namesATruncatedBatchFile() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar =
        new TarArchiveOutputStream(new GzipCompressorOutputStream(out))) {
      entry(tar, "cifar-10-batches-bin/data_batch_1.bin", new byte[3073 + 5]);
    }

    assertThatThrownBy(() -> CifarArchive.read(new ByteArrayInputStream(out.toByteArray()), CAP))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessage(
            "cifar-10-batches-bin/data_batch_1.bin at byte 3073: truncated record: 5 of 3073 bytes"
                + " (1 label + 3072 pixels)");
  }

  private static Problem problem(Throwable e) {
    return ((DatasetFormatException) e).problem();
  }

  private static ByteArrayInputStream archive(
      ImageSet train, int batches, ImageSet test, List<String> names) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CifarArchive.write(out, train, batches, test, names);
    return new ByteArrayInputStream(out.toByteArray());
  }

  private static void entry(TarArchiveOutputStream tar, String name, byte[] bytes)
      throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setSize(bytes.length);
    tar.putArchiveEntry(entry);
    tar.write(bytes);
    tar.closeArchiveEntry();
  }
}
