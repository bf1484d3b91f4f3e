package dev.jflow.api.spi;

import dev.jflow.api.Request;

/**
 * Spans for requests. flow-core starts one span per request at the gateway, a child per pod the
 * request passes through, and sends the current span's {@link TraceContext} on to remote pods, so
 * one trace shows the whole path across processes.
 */
public interface Tracing {

  /** Tracing off: {@link #isEnabled()} false and every span a shared no-op. */
  static Tracing none() {
    return NoSpan.TRACING;
  }

  /** Whether spans are recorded; when false callers may skip building span names and attributes. */
  boolean isEnabled();

  /**
   * Starts the gateway's span for {@code request} of Flow {@code flow}, a child of {@code parent}
   * (the caller's context) or the root of a new trace when the parent is absent.
   */
  TraceSpan request(String flow, Request request, TraceContext parent);
}
