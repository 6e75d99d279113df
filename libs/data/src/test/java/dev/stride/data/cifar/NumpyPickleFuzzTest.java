package dev.stride.data.cifar;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.stride.data.archive.DatasetFormatException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Coverage-guided fuzzing of the CIFAR python batches' reader ({@link NumpyPickle} and the checks
 * of {@link Cifar10PythonLayout}): whatever the bytes, read as a training batch and as the meta
 * file, each is taken or refused with {@link DatasetFormatException}. Anything else escaping fails
 * the test with the input that caused it. The seeds are the real-format pickles of the layout's
 * tests (Python 2 str keys and Python 3 bytes keys).
 */
class NumpyPickleFuzzTest {

  @MethodSource("pickles")
  @FuzzTest(maxExecutions = 20_000)
  void readsOrRefusesAsBadPickle(byte[] bytes) throws IOException {
    for (String file : List.of("data_batch_1", Cifar10PythonLayout.META)) {
      try {
        new Cifar10PythonLayout()
            .visit(Cifar10PythonLayout.FOLDER + file, new ByteArrayInputStream(bytes));
      } catch (DatasetFormatException refused) {
        assertThat(refused.getMessage()).isNotBlank();
      }
    }
  }

  static Stream<Arguments> pickles() {
    return Stream.of("py2-str-keys", "py3-bytes-keys")
        .flatMap(keys -> Stream.of("data_batch_1", "batches.meta").map(f -> resource(keys, f)))
        .map(bytes -> Arguments.of((Object) bytes));
  }

  /** A pickle of the layout tests' resources, e.g. ("py2-str-keys", "batches.meta"). */
  static byte[] resource(String keys, String file) {
    String path = "/cifar-10-python/" + keys + "/" + file;
    try (InputStream in = NumpyPickleFuzzTest.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + path);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
