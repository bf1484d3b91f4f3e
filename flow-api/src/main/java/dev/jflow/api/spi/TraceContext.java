package dev.jflow.api.spi;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A W3C trace context as it crosses a process boundary: the {@code traceparent} header (and
 * {@code tracestate}, kept as given) a caller sent with its call, or the one a Flow sends on to a
 * remote pod. Transports extract it from gRPC metadata and HTTP/WebSocket headers and inject it into
 * their outgoing calls; flow-core's tracing makes it the parent of the gateway's span. A malformed
 * {@code traceparent} is treated as absent (a new trace starts), as the W3C recommendation asks.
 * Immutable.
 */
public final class TraceContext {
  /** The header (and gRPC metadata key) that carries the parent: {@value}. */
  public static final String TRACEPARENT = "traceparent";
  /** The header (and gRPC metadata key) that carries vendor state: {@value}. */
  public static final String TRACESTATE = "tracestate";
  /** The longest {@code tracestate} kept, in characters; a longer one is dropped. */
  public static final int MAX_TRACESTATE = 512;

  private static final Pattern PARENT = Pattern.compile("[0-9a-f]{2}-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}(-.*)?");
  private static final TraceContext NONE = new TraceContext("", "");

  private final String traceparent;
  private final String tracestate;

  private TraceContext(String traceparent, String tracestate) {
    this.traceparent = traceparent;
    this.tracestate = tracestate;
  }

  /** No trace context: a span started under it is the root of a new trace. */
  public static TraceContext none() {
    return NONE;
  }

  /**
   * The context these header values describe; {@link #none()} when {@code traceparent} is null or not
   * a valid W3C {@code traceparent} (version {@code ff}, or an all-zero trace or span id, included).
   * A {@code tracestate} longer than {@value #MAX_TRACESTATE} characters is dropped.
   */
  public static TraceContext of(String traceparent, String tracestate) {
    if (traceparent == null) {
      return NONE;
    }
    String p = traceparent.strip();
    var m = PARENT.matcher(p);
    if (!m.matches() || p.startsWith("ff") || (p.startsWith("00") && p.length() != 55)
        || m.group(1).chars().allMatch(c -> c == '0') || m.group(2).chars().allMatch(c -> c == '0')) {
      return NONE;
    }
    String s = tracestate == null || tracestate.length() > MAX_TRACESTATE ? "" : tracestate.strip();
    return new TraceContext(p, s);
  }

  /** The context in {@code headers} (a case-sensitive lookup of the lower-case names); {@link #none()} without one. */
  public static TraceContext fromHeaders(Map<String, String> headers) {
    return of(headers.get(TRACEPARENT), headers.get(TRACESTATE));
  }

  /** Whether there is a parent. */
  public boolean isPresent() {
    return !traceparent.isEmpty();
  }

  /** The {@code traceparent} value; {@code ""} for {@link #none()}. */
  public String traceparent() {
    return traceparent;
  }

  /** The {@code tracestate} value; {@code ""} when none was sent. */
  public String tracestate() {
    return tracestate;
  }

  /** The 32 hex digits of the trace id; {@code ""} for {@link #none()}. */
  public String traceId() {
    return traceparent.isEmpty() ? "" : traceparent.substring(3, 35);
  }

  /** The headers to send: {@code traceparent} and, when there is one, {@code tracestate}; empty for {@link #none()}. */
  public Map<String, String> headers() {
    Map<String, String> h = new LinkedHashMap<>();
    if (isPresent()) {
      h.put(TRACEPARENT, traceparent);
      if (!tracestate.isEmpty()) {
        h.put(TRACESTATE, tracestate);
      }
    }
    return h;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TraceContext && ((TraceContext) o).traceparent.equals(traceparent)
        && ((TraceContext) o).tracestate.equals(tracestate);
  }

  @Override
  public int hashCode() {
    return Objects.hash(traceparent, tracestate);
  }

  @Override
  public String toString() {
    return isPresent() ? "TraceContext{" + traceparent + "}" : "TraceContext{none}";
  }
}
