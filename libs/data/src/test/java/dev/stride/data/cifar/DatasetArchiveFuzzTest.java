package dev.stride.data.cifar;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.stride.data.SyntheticCifar;
import dev.stride.data.archive.ArchiveLimits;
import dev.stride.data.archive.DatasetFormatException;
import dev.stride.data.archive.TestArchive;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Coverage-guided fuzzing of {@link DatasetArchive#read}, the reader of every uploaded dataset:
 * whatever the bytes (tar, gzip or zip), it returns the contents or throws {@link
 * DatasetFormatException}. Anything else escaping fails the test with the input that caused it. The
 * seeds are small archives in each format and layout, built as the other tests build them.
 */
class DatasetArchiveFuzzTest {

  // small caps, so that a bomb the fuzzer builds is refused after a few kilobytes
  private static final ArchiveLimits LIMITS = new ArchiveLimits(1 << 20, 64, 64L * 64);
  @TempDir static Path dir;

  @MethodSource("archives")
  @FuzzTest(maxExecutions = 2_000)
  void readsOrRefusesAsBadDataset(byte[] bytes) throws IOException {
    Path file = Files.write(dir.resolve("upload.bin"), bytes);
    try {
      DatasetArchive.read(file, LIMITS);
    } catch (DatasetFormatException refused) {
      assertThat(refused.getMessage()).isNotBlank();
    }
  }

  static Stream<Arguments> archives() throws IOException {
    byte[] records = CifarBinary.toBytes(SyntheticCifar.generate(2, 7));
    TestArchive cifar10 =
        new TestArchive()
            .folder(CifarArchive.FOLDER)
            .file(CifarArchive.FOLDER + "data_batch_1.bin", records)
            .file(CifarArchive.FOLDER + CifarArchive.TEST_BATCH, records)
            .file(CifarArchive.FOLDER + CifarArchive.META, "cat\ndog\n");
    TestArchive cifar100 =
        new TestArchive()
            .file(Cifar100BinaryLayout.FOLDER + Cifar100BinaryLayout.TRAIN, cifar100Record())
            .file(Cifar100BinaryLayout.FOLDER + Cifar100BinaryLayout.TEST, cifar100Record())
            .file(Cifar100BinaryLayout.FOLDER + Cifar100BinaryLayout.FINE_NAMES, "a\nb\n")
            .file(Cifar100BinaryLayout.FOLDER + Cifar100BinaryLayout.COARSE_NAMES, "x\ny\n");
    TestArchive python = new TestArchive();
    for (String file : List.of("data_batch_1", "test_batch", "batches.meta")) {
      python.file(
          Cifar10PythonLayout.FOLDER + file, NumpyPickleFuzzTest.resource("py2-str-keys", file));
    }
    TestArchive unsafe =
        new TestArchive().file("a/b.txt", "b").symlink("a/c", "/etc/passwd").file("../d", "d");
    List<Arguments> seeds = new ArrayList<>();
    for (TestArchive archive : List.of(cifar10, cifar100, python, unsafe)) {
      seeds.add(Arguments.of((Object) Files.readAllBytes(archive.tar(dir))));
      seeds.add(Arguments.of((Object) Files.readAllBytes(archive.tarGz(dir))));
      seeds.add(Arguments.of((Object) Files.readAllBytes(archive.zip(dir))));
    }
    return seeds.stream();
  }

  /** One CIFAR-100 record: coarse label 1, fine label 0, grey pixels. */
  private static byte[] cifar100Record() {
    byte[] record = new byte[Cifar100BinaryLayout.RECORD_BYTES];
    record[0] = 1;
    Arrays.fill(record, 2, record.length, (byte) 0x80);
    return record;
  }
}
