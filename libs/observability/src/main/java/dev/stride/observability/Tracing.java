package dev.stride.observability;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Carries a trace across Kafka: publishers write the current context into the record's W3C {@code
 * traceparent}/{@code tracestate} headers, consumers continue it in a span of their own. Internal
 * steps (dataset load, an epoch, a checkpoint write, an evaluation, an inference) get child spans.
 *
 * <p>With the SDK off (the default) spans are not recorded, but a {@code traceparent} that came in
 * still goes out, so an outside producer's trace survives the hops through Stride.
 *
 * <pre>{@code
 * try (Traced span = tracing.receive(record)) { ... }
 * try (Traced span = tracing.span("checkpoint write").attribute("stride.epoch", 3)) { ... }
 * }</pre>
 *
 * <p>In a service it is a bean over the OpenTelemetry its Quarkus extension configures.
 */
@Singleton
public final class Tracing {

  public static final String TRACEPARENT = "traceparent";
  public static final String TRACESTATE = "tracestate";
  public static final String INSTRUMENTATION = "dev.stride";

  private static final TextMapPropagator W3C = W3CTraceContextPropagator.getInstance();

  private final Tracer tracer;

  @Inject
  public Tracing(OpenTelemetry openTelemetry) {
    this.tracer = openTelemetry.getTracer(INSTRUMENTATION);
  }

  /** Records nothing; still passes on a context that came in. */
  public static Tracing disabled() {
    return new Tracing(OpenTelemetry.noop());
  }

  /**
   * Writes the current trace context into {@code headers}, replacing any there; leaves them alone
   * when there is no trace.
   */
  public static void inject(Headers headers) {
    if (!Span.current().getSpanContext().isValid()) {
      return;
    }
    headers.remove(TRACEPARENT);
    headers.remove(TRACESTATE);
    W3C.inject(Context.current(), headers, HeadersSetter.INSTANCE);
  }

  /** The trace context {@code headers} carry, on top of the root context; root if none. */
  public static Context extract(Headers headers) {
    return W3C.extract(Context.root(), headers, HeadersGetter.INSTANCE);
  }

  /**
   * Starts the span that handles a consumed record ({@code process <topic>}, kind CONSUMER),
   * continuing the trace its headers carry, or a new one. Current on this thread until closed.
   */
  public Traced receive(ConsumerRecord<?, ?> record) {
    SpanBuilder builder =
        tracer
            .spanBuilder("process " + record.topic())
            .setParent(extract(record.headers()))
            .setSpanKind(SpanKind.CONSUMER)
            .setAttribute("messaging.system", "kafka")
            .setAttribute("messaging.operation.type", "process")
            .setAttribute("messaging.destination.name", record.topic())
            .setAttribute("messaging.destination.partition.id", String.valueOf(record.partition()))
            .setAttribute("messaging.kafka.offset", record.offset());
    if (record.key() != null) {
      builder.setAttribute("messaging.kafka.message.key", String.valueOf(record.key()));
    }
    header(record.headers(), "ce_type")
        .ifPresent(type -> builder.setAttribute("cloudevents.event_type", type));
    return new Traced(builder.startSpan());
  }

  /**
   * Handles {@code record} inside its {@link #receive} span, which fails if {@code work} throws.
   */
  public void receive(ConsumerRecord<?, ?> record, Runnable work) {
    try (Traced span = receive(record)) {
      try {
        work.run();
      } catch (RuntimeException | Error e) {
        span.failed(e);
        throw e;
      }
    }
  }

  /** A child of the current span, current on this thread until closed. */
  public Traced span(String name) {
    return new Traced(tracer.spanBuilder(name).startSpan());
  }

  /** As {@link #span(String)}, for work that began at {@code start} (measured elsewhere). */
  public Traced span(String name, Instant start) {
    return new Traced(tracer.spanBuilder(name).setStartTimestamp(start).startSpan());
  }

  /** A span that starts here and ends in another thread; not made current. */
  public Span detached(String name) {
    return tracer.spanBuilder(name).startSpan();
  }

  /** The current trace id, if this thread is inside a trace. */
  public static Optional<String> currentTraceId() {
    SpanContext context = Span.current().getSpanContext();
    return context.isValid() ? Optional.of(context.getTraceId()) : Optional.empty();
  }

  private static Optional<String> header(Headers headers, String name) {
    Header header = headers.lastHeader(name);
    return header == null || header.value() == null
        ? Optional.empty()
        : Optional.of(new String(header.value(), StandardCharsets.UTF_8));
  }

  private enum HeadersSetter implements TextMapSetter<Headers> {
    INSTANCE;

    @Override
    public void set(Headers headers, String key, String value) {
      if (headers != null) {
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  private enum HeadersGetter implements TextMapGetter<Headers> {
    INSTANCE;

    @Override
    public Iterable<String> keys(Headers headers) {
      List<String> keys = new ArrayList<>();
      headers.forEach(header -> keys.add(header.key()));
      return keys;
    }

    @Override
    public String get(Headers headers, String key) {
      return headers == null ? null : header(headers, key).orElse(null);
    }
  }
}
