package dev.stride.data.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;

/**
 * Coverage-guided fuzzing of {@link Images#decodeToChw}, the entry point every uploaded picture
 * goes through: whatever the bytes, it returns a 32×32 picture or throws {@link
 * ImageFormatException}. Anything else escaping (a RuntimeException, an Error) fails the test with
 * the input that caused it. The seed inputs (a good PNG, JPEG, GIF and BMP) are in
 * ImagesFuzzTestInputs.
 */
class ImagesFuzzTest {

  private static final AtomicLong RUNS = new AtomicLong();
  private static final AtomicLong REFUSED = new AtomicLong();

  @FuzzTest(maxExecutions = 20_000)
  void decodesOrRefusesAsBadInput(byte[] bytes) {
    RUNS.incrementAndGet();
    try {
      assertThat(Images.decodeToChw(bytes, 1 << 20)).hasSize(3 * 32 * 32);
    } catch (ImageFormatException refused) {
      REFUSED.incrementAndGet();
    }
  }

  @AfterAll
  static void report() {
    System.out.printf(
        "fuzz inputs: %d, decoded: %d, refused as bad input: %d%n",
        RUNS.get(), RUNS.get() - REFUSED.get(), REFUSED.get());
  }
}
