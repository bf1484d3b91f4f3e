package dev.jflow.core.internal.telemetry;

import dev.jflow.api.Status;
import dev.jflow.api.spi.TraceContext;
import dev.jflow.api.spi.TraceSpan;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/** One OpenTelemetry span: children are INTERNAL spans, an error status marks it failed, and it ends once. */
final class OtelSpan implements TraceSpan {
  private final Tracer tracer;
  private final Span span;
  private final AtomicBoolean ended = new AtomicBoolean();

  OtelSpan(Tracer tracer, Span span) {
    this.tracer = tracer;
    this.span = span;
  }

  @Override
  public TraceSpan child(String name) {
    Span child = tracer.spanBuilder(name == null ? "jflow" : name).setParent(Context.root().with(span))
        .setSpanKind(SpanKind.INTERNAL).startSpan();
    return new OtelSpan(tracer, child);
  }

  @Override
  public void attribute(String key, String value) {
    if (key != null && value != null) {
      span.setAttribute(key, value);
    }
  }

  @Override
  public void event(String name) {
    if (name != null) {
      span.addEvent(name);
    }
  }

  @Override
  public void end(Status status) {
    if (!ended.compareAndSet(false, true)) {
      return;
    }
    if (status != null && status.isError()) {
      span.setStatus(StatusCode.ERROR, status.description().isEmpty() ? status.code().name()
          : status.code().name() + ": " + status.description());
    }
    span.end();
  }

  @Override
  public TraceContext context() {
    Map<String, String> headers = new HashMap<>(4);
    W3CTraceContextPropagator.getInstance().inject(Context.root().with(span), headers, Headers.INSTANCE);
    return TraceContext.of(headers.get(TraceContext.TRACEPARENT), headers.get(TraceContext.TRACESTATE));
  }
}
