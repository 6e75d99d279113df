package dev.stride.data.cifar;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.stride.data.SyntheticCifar;
import dev.stride.data.archive.DatasetFormatException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Coverage-guided fuzzing of the CIFAR binary records: whatever the bytes, read as the batches of a
 * CIFAR-10 binary archive ({@link CifarBinary}) and as the splits of a CIFAR-100 one, the layout's
 * contents come out or {@link DatasetFormatException} refuses them. Anything else escaping fails
 * the test with the input that caused it. The seeds are SyntheticCifar's records.
 */
class CifarBinaryFuzzTest {

  @MethodSource("records")
  @FuzzTest(maxExecutions = 20_000)
  void readsOrRefusesAsBadRecords(byte[] bytes) throws IOException {
    try {
      Cifar10BinaryLayout cifar10 = new Cifar10BinaryLayout();
      cifar10.visit(CifarArchive.FOLDER + "data_batch_1.bin", new ByteArrayInputStream(bytes));
      cifar10.visit(CifarArchive.FOLDER + CifarArchive.TEST_BATCH, new ByteArrayInputStream(bytes));
      cifar10.finish();
    } catch (DatasetFormatException refused) {
      assertThat(refused.getMessage()).isNotBlank();
    }
    try {
      Cifar100BinaryLayout cifar100 = new Cifar100BinaryLayout();
      String folder = Cifar100BinaryLayout.FOLDER;
      cifar100.visit(folder + Cifar100BinaryLayout.TRAIN, new ByteArrayInputStream(bytes));
      cifar100.visit(folder + Cifar100BinaryLayout.TEST, new ByteArrayInputStream(bytes));
      cifar100.visit(folder + Cifar100BinaryLayout.FINE_NAMES, names(100));
      cifar100.visit(folder + Cifar100BinaryLayout.COARSE_NAMES, names(20));
      cifar100.finish();
    } catch (DatasetFormatException refused) {
      assertThat(refused.getMessage()).isNotBlank();
    }
  }

  static Stream<Arguments> records() {
    return Stream.of(1, 2)
        .map(n -> CifarBinary.toBytes(SyntheticCifar.generate(n, n)))
        .map(bytes -> Arguments.of((Object) bytes));
  }

  private static ByteArrayInputStream names(int count) {
    StringBuilder names = new StringBuilder();
    for (int i = 0; i < count; i++) {
      names.append("class-").append(i).append('\n');
    }
    return new ByteArrayInputStream(
        names.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
