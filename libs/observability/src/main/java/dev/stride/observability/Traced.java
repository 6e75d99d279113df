package dev.stride.observability;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;

/**
 * A started span that is current on this thread (and in its log lines' {@code traceId}/{@code
 * spanId}) until closed, which ends it.
 */
public final class Traced implements AutoCloseable {

  private final Span span;
  private final Scope scope;
  private final LogContext log;

  Traced(Span span) {
    this.span = span;
    this.scope = span.makeCurrent();
    SpanContext context = span.getSpanContext();
    this.log =
        context.isValid()
            ? LogContext.ofSpan(context.getTraceId(), context.getSpanId())
            : LogContext.ofSpan(null, null);
  }

  public Traced attribute(String name, String value) {
    if (value != null) {
      span.setAttribute(name, value);
    }
    return this;
  }

  public Traced attribute(String name, long value) {
    span.setAttribute(name, value);
    return this;
  }

  public Traced attribute(String name, double value) {
    span.setAttribute(name, value);
    return this;
  }

  /** Marks the span failed with what went wrong; closing still ends it. */
  public void failed(Throwable error) {
    span.recordException(error);
    span.setStatus(StatusCode.ERROR, String.valueOf(error.getMessage()));
  }

  /** Marks the span failed with a reason that is not an exception (a refused request, say). */
  public void failed(String reason) {
    span.setStatus(StatusCode.ERROR, reason);
  }

  public Span span() {
    return span;
  }

  @Override
  public void close() {
    log.close();
    scope.close();
    span.end();
  }
}
