package dev.jflow.transport.websocket;

import dev.jflow.api.spi.TraceContext;
import java.util.List;
import java.util.Map;

/**
 * The W3C trace context of a WebSocket upgrade request ({@code traceparent} and {@code tracestate}
 * headers): every request of the socket is handled as part of that trace.
 */
final class UpgradeTrace {
  private UpgradeTrace() {}

  /** The trace context in the upgrade's {@code headers}; {@link TraceContext#none()} without one. */
  static TraceContext from(Map<String, List<String>> headers) {
    String parent = UpgradeCredentials.first(headers, TraceContext.TRACEPARENT);
    return parent == null ? TraceContext.none() : TraceContext.of(parent, UpgradeCredentials.first(headers, TraceContext.TRACESTATE));
  }
}
