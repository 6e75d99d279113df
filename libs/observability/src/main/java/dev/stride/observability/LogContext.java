package dev.stride.observability;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.MDC;

/**
 * Puts the run and dataset being worked on into the logging MDC of this thread, so that every log
 * line written meanwhile carries them ({@code "mdc":{"runId":...,"datasetId":...}} in JSON logs);
 * closing it puts back what was there before.
 *
 * <pre>{@code
 * try (LogContext context = LogContext.ofRun(runId, datasetId)) { ... }
 * }</pre>
 */
public final class LogContext implements AutoCloseable {

  public static final String RUN_ID = "runId";
  public static final String DATASET_ID = "datasetId";

  /** The names Quarkus' OpenTelemetry extension uses for the same on Vert.x threads. */
  public static final String TRACE_ID = "traceId";

  public static final String SPAN_ID = "spanId";

  private final Map<String, Object> previous = new LinkedHashMap<>();

  private LogContext(Map<String, String> values) {
    values.forEach(
        (key, value) -> {
          previous.put(key, MDC.get(key));
          if (value == null) {
            MDC.remove(key);
          } else {
            MDC.put(key, value);
          }
        });
  }

  /** A run's context; {@code datasetId} may be null when it is not known yet. */
  public static LogContext ofRun(String runId, String datasetId) {
    Map<String, String> values = new LinkedHashMap<>();
    values.put(RUN_ID, runId);
    values.put(DATASET_ID, datasetId);
    return new LogContext(values);
  }

  public static LogContext ofDataset(String datasetId) {
    Map<String, String> values = new LinkedHashMap<>();
    values.put(DATASET_ID, datasetId);
    return new LogContext(values);
  }

  /** The trace and span; see {@link Traced}. */
  static LogContext ofSpan(String traceId, String spanId) {
    Map<String, String> values = new LinkedHashMap<>();
    if (traceId == null) {
      return new LogContext(values); // no trace: leaves the MDC as it is
    }
    values.put(TRACE_ID, traceId);
    values.put(SPAN_ID, spanId);
    return new LogContext(values);
  }

  @Override
  public void close() {
    previous.forEach(
        (key, value) -> {
          if (value == null) {
            MDC.remove(key);
          } else {
            MDC.put(key, value);
          }
        });
  }
}
