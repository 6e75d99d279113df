package dev.stride.data.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ArchiveLimitsTest {

  @Test
  void defaultsFitCifarInEveryLayoutAndAsAnImageFolder() {
    ArchiveLimits limits = ArchiveLimits.defaults();

    assertThat(limits.maxBytes()).isEqualTo(1L << 30);
    assertThat(limits.maxEntries()).isEqualTo(100_000);
    assertThat(limits.maxImagePixels()).isEqualTo(4096L * 4096);
  }

  @Test
  void changesOneLimitAtATime() {
    ArchiveLimits limits = ArchiveLimits.defaults().withMaxBytes(10).withMaxEntries(3);

    assertThat(limits).isEqualTo(new ArchiveLimits(10, 3, 4096L * 4096));
  }

  @Test
  void refusesALimitThatIsNotPositive() {
    assertThatThrownBy(() -> new ArchiveLimits(0, 1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("limits must be positive: maxBytes=0, maxEntries=1, maxImagePixels=1");
  }
}
