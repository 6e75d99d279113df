package dev.stride.observability;

import static org.assertj.core.api.Assertions.assertThat;

import org.jboss.logging.MDC;
import org.junit.jupiter.api.Test;

class LogContextTest {

  @Test
  void putsTheRunIntoTheMdcAndRestoresWhatWasThere() {
    MDC.put(LogContext.DATASET_ID, "outer-ds");
    try (LogContext run = LogContext.ofRun("run-1", "ds-1")) {
      assertThat(MDC.get(LogContext.RUN_ID)).isEqualTo("run-1");
      assertThat(MDC.get(LogContext.DATASET_ID)).isEqualTo("ds-1");
      try (LogContext unknown = LogContext.ofRun("run-2", null)) {
        assertThat(MDC.get(LogContext.RUN_ID)).isEqualTo("run-2");
        assertThat(MDC.get(LogContext.DATASET_ID)).isNull();
      }
      assertThat(MDC.get(LogContext.RUN_ID)).isEqualTo("run-1");
      assertThat(MDC.get(LogContext.DATASET_ID)).isEqualTo("ds-1");
    }
    assertThat(MDC.get(LogContext.RUN_ID)).isNull();
    assertThat(MDC.get(LogContext.DATASET_ID)).isEqualTo("outer-ds");
    MDC.remove(LogContext.DATASET_ID);
  }
}
