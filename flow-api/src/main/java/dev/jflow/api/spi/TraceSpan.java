package dev.jflow.api.spi;

import dev.jflow.api.Status;

/** One span of a request's trace. Thread-safe; ending it twice does nothing. */
public interface TraceSpan {

  /** A span that records nothing and whose context is {@link TraceContext#none()}. */
  static TraceSpan none() {
    return NoSpan.SPAN;
  }

  /** Starts a child of this span named {@code name} (e.g. {@code "pod encoder"}). */
  TraceSpan child(String name);

  /** Sets an attribute (e.g. {@code jflow.pod}, {@code jflow.replica}). */
  void attribute(String key, String value);

  /** Records a moment in the span (e.g. {@code "dequeued"} when a queued request starts running). */
  void event(String name);

  /** Ends the span with the outcome {@code status}; an error status marks the span as failed. */
  void end(Status status);

  /** This span's context, to send with a call to another process. */
  TraceContext context();
}
