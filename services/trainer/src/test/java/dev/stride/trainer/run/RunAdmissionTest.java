package dev.stride.trainer.run;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RunAdmissionTest {

  private static final long MIB = 1024 * 1024;

  @Test
  void aRunIsTakenWhenTheDeviceHasItsNeedTimesTheFactorFree() {
    assertThat(RunAdmission.decide(100 * MIB, 200 * MIB, 2.0, "gpu(0)")).isEmpty();
    assertThat(RunAdmission.decide(100 * MIB, 10_000 * MIB, 2.0, "gpu(0)")).isEmpty();
  }

  @Test
  void aRunThatWouldNotFitIsRefusedWithTheFigures() {
    assertThat(RunAdmission.decide(100 * MIB, 200 * MIB - 1, 2.0, "gpu(0)"))
        .hasValue("needs about 200 MiB on gpu(0) (2.0 × the 100 MiB estimate), 199 MiB free");
  }

  @Test
  void anUnreadableFreeFigureRefusesNothing() {
    assertThat(RunAdmission.decide(100 * MIB, -1, 2.0, "gpu(0)")).isEmpty();
  }
}
