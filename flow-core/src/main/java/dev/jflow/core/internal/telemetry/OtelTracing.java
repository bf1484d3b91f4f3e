package dev.jflow.core.internal.telemetry;

import dev.jflow.api.Request;
import dev.jflow.api.spi.TraceContext;
import dev.jflow.api.spi.TraceSpan;
import dev.jflow.api.spi.Tracing;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;

/**
 * Request spans through the OpenTelemetry API: a SERVER span per request named
 * {@code jflow.request <type>}, a child of the caller's W3C context when it sent one. The request id
 * attribute is cut at {@value #MAX_REQUEST_ID} characters.
 */
final class OtelTracing implements Tracing {
  /** The instrumentation scope's name. */
  static final String SCOPE = "dev.jflow";

  private static final String[] NAMES = new String[Meters.TYPES.length];

  static {
    for (int i = 0; i < NAMES.length; i++) {
      NAMES[i] = "jflow.request " + Meters.TYPE_TAGS[i];
    }
  }

  /** The longest request id a span carries; a client chooses ids, and an attribute must stay small. */
  static final int MAX_REQUEST_ID = 128;

  private final Tracer tracer;

  private OtelTracing(Tracer tracer) {
    this.tracer = tracer;
  }

  /** Tracing through {@code openTelemetry}; {@link Tracing#none()} for null or {@link OpenTelemetry#noop()}. */
  static Tracing of(OpenTelemetry openTelemetry) {
    if (openTelemetry == null || openTelemetry == OpenTelemetry.noop()) {
      return Tracing.none();
    }
    String version = OtelTracing.class.getPackage().getImplementationVersion();
    return new OtelTracing(version == null ? openTelemetry.getTracer(SCOPE) : openTelemetry.getTracer(SCOPE, version));
  }

  @Override
  public boolean isEnabled() {
    return true;
  }

  @Override
  public TraceSpan request(String flow, Request request, TraceContext parent) {
    Context context = parent == null || !parent.isPresent() ? Context.root()
        : W3CTraceContextPropagator.getInstance().extract(Context.root(), parent.headers(), Headers.INSTANCE);
    int type = request.type().ordinal();
    var span = tracer.spanBuilder(NAMES[type]).setParent(context).setSpanKind(SpanKind.SERVER)
        .setAttribute("jflow.flow", Meters.tag(flow))
        .setAttribute("jflow.request_id", truncated(Meters.tag(request.id())))
        .setAttribute("jflow.request_type", Meters.TYPE_TAGS[type])
        .setAttribute("rpc.system", "jflow")
        .startSpan();
    return new OtelSpan(tracer, span);
  }

  private static String truncated(String id) {
    return id.length() <= MAX_REQUEST_ID ? id : id.substring(0, MAX_REQUEST_ID);
  }
}
