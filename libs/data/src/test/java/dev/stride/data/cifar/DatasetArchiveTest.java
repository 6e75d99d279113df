package dev.stride.data.cifar;

import static dev.stride.data.archive.SafeArchiveTest.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stride.data.ImageSet;
import dev.stride.data.SyntheticCifar;
import dev.stride.data.archive.ArchiveLimits;
import dev.stride.data.archive.DatasetFormatException.Problem;
import dev.stride.data.archive.TestArchive;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetArchiveTest {

  private static final List<String> NAMES =
      List.of(
          "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");
  private static final ArchiveLimits LIMITS = ArchiveLimits.defaults();

  @TempDir Path dir;

  @Test
  void readsTheCifar10BinaryArchiveAsDownloaded() throws Exception {
    ImageSet train = SyntheticCifar.generate(30, 1);
    ImageSet test = SyntheticCifar.generate(7, 2);
    Path file = dir.resolve("cifar-10-binary.tar.gz");
    try (OutputStream out = Files.newOutputStream(file)) {
      CifarArchive.write(out, train, 5, test, NAMES);
    }

    DatasetArchive.Contents contents = DatasetArchive.read(file, LIMITS);

    assertThat(contents.format()).isEqualTo("cifar10-binary");
    assertThat(contents.classNames()).isEqualTo(NAMES);
    assertThat(contents.train().pixels()).isEqualTo(train.pixels());
    assertThat(contents.train().labels()).isEqualTo(train.labels());
    assertThat(contents.test().pixels()).isEqualTo(test.pixels());
    assertThat(contents.coarse()).isNull();
  }

  @Test
  void readsCifar10BinaryFromAZipWithBatchesInAnyOrderAndTheFallbackNames() throws Exception {
    ImageSet first = SyntheticCifar.generate(3, 1);
    ImageSet second = SyntheticCifar.generate(2, 2);
    Path zip =
        new TestArchive()
            .file("cifar-10-batches-bin/data_batch_2.bin", CifarBinary.toBytes(second))
            .file("cifar-10-batches-bin/test_batch.bin", CifarBinary.toBytes(second))
            .file("cifar-10-batches-bin/data_batch_1.bin", CifarBinary.toBytes(first))
            .zip(dir);

    DatasetArchive.Contents contents = DatasetArchive.read(zip, LIMITS);

    assertThat(contents.train().pixels()).isEqualTo(ImageSet.concat(first, second).pixels());
    assertThat(contents.classNames()).hasSize(10).startsWith("class-0").endsWith("class-9");
  }

  /** A class name goes into every caption and answer: its length is capped, and names unique. */
  @Test
  void refusesAClassNamePastTheCapAndTwoClassesOfOneName() throws Exception {
    ImageSet train = SyntheticCifar.generate(4, 1);
    List<String> longName = new java.util.ArrayList<>(NAMES);
    longName.set(3, "c".repeat(40_000));
    Path file = dir.resolve("long.tar.gz");
    try (OutputStream out = Files.newOutputStream(file)) {
      CifarArchive.write(out, train, 2, train, longName);
    }
    assertRefused(() -> DatasetArchive.read(file, LIMITS), Problem.TOO_LARGE)
        .hasMessage("class name 3 has 40000 characters, more than the limit of 100");
    assertRefused(
            () -> DatasetArchive.read(file, LIMITS.withClassNames(10, 256)), Problem.TOO_LARGE)
        .hasMessage("class name 3 has 40000 characters, more than the limit of 10");

    List<String> twice = new java.util.ArrayList<>(NAMES);
    twice.set(7, "cat");
    Path same = dir.resolve("same.tar.gz");
    try (OutputStream out = Files.newOutputStream(same)) {
      CifarArchive.write(out, train, 2, train, twice);
    }
    assertRefused(() -> DatasetArchive.read(same, LIMITS), Problem.MALFORMED)
        .hasMessage("classes 3 and 7 have the same name 'cat'");
    assertRefused(() -> DatasetArchive.read(same, LIMITS.withClassNames(100, 5)), Problem.TOO_LARGE)
        .hasMessage("10 classes, more than the limit of 5");
  }

  @Test
  void listsTheFourLayoutsWhenItRecognisesNone() throws Exception {
    Path zip = new TestArchive().file("data/train.csv", "1,2,3").file("README.md", "hi").zip(dir);

    assertRefused(() -> DatasetArchive.read(zip, LIMITS), Problem.UNSUPPORTED)
        .hasMessage(
            "unknown layout: expected one of cifar-10-batches-bin/ (CIFAR-10 binary),"
                + " cifar-10-batches-py/ (CIFAR-10 python), cifar-100-binary/ (CIFAR-100"
                + " binary), or an image folder of PNG/JPEG pictures in <class>/ folders"
                + " (optionally under one top folder, or in train/<class>/ and test/<class>/)");
  }

  @Test
  void refusesTwoDatasetsInOneArchive() throws Exception {
    byte[] batch = CifarBinary.toBytes(SyntheticCifar.generate(1, 1));
    Path tar =
        new TestArchive()
            .file("cifar-10-batches-bin/data_batch_1.bin", batch)
            .file("cifar-100-binary/train.bin", batch)
            .tar(dir);

    assertRefused(() -> DatasetArchive.read(tar, LIMITS), Problem.UNSUPPORTED)
        .hasMessage(
            "the archive holds more than one dataset: cifar-10-batches-bin/, cifar-100-binary/");
  }

  @Test
  void refusesAnIncompleteCifar10BinaryFolderAsMalformed() throws Exception {
    Path tar =
        new TestArchive()
            .file(
                "cifar-10-batches-bin/data_batch_1.bin",
                CifarBinary.toBytes(SyntheticCifar.generate(1, 1)))
            .tarGz(dir);

    assertRefused(() -> DatasetArchive.read(tar, LIMITS), Problem.MALFORMED)
        .hasMessageEndingWith("; no test batch found");
  }

  @Test
  void refusesAZipBombAtTheByteCap() throws Exception {
    Path zip = new TestArchive().file("cat/1.png", new byte[40 << 20]).zip(dir);
    assertThat(Files.size(zip)).isLessThan(1 << 20);

    assertRefused(() -> DatasetArchive.read(zip, LIMITS.withMaxBytes(8 << 20)), Problem.TOO_LARGE)
        .hasMessage("cat/1.png: archive holds more than 8388608 bytes once decompressed");
  }
}
