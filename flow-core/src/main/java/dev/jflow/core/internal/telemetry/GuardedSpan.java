package dev.jflow.core.internal.telemetry;

import dev.jflow.api.Status;
import dev.jflow.api.spi.TraceContext;
import dev.jflow.api.spi.TraceSpan;

/** A user's span whose every call, and every child it starts, catches what it throws (see {@link Guard}). */
final class GuardedSpan implements TraceSpan {
  private final TraceSpan delegate;
  private final Guard guard;

  private GuardedSpan(TraceSpan delegate, Guard guard) {
    this.delegate = delegate;
    this.guard = guard;
  }

  /** {@code span} guarded; {@link TraceSpan#none()} (and null) as none, unwrapped. */
  static TraceSpan of(TraceSpan span, Guard guard) {
    return span == null || span == TraceSpan.none() ? TraceSpan.none() : new GuardedSpan(span, guard);
  }

  @Override
  public TraceSpan child(String name) {
    try {
      return of(delegate.child(name), guard);
    } catch (Throwable e) {
      guard.failed("TraceSpan.child", e);
      return TraceSpan.none();
    }
  }

  @Override
  public void attribute(String key, String value) {
    try {
      delegate.attribute(key, value);
    } catch (Throwable e) {
      guard.failed("TraceSpan.attribute", e);
    }
  }

  @Override
  public void event(String name) {
    try {
      delegate.event(name);
    } catch (Throwable e) {
      guard.failed("TraceSpan.event", e);
    }
  }

  @Override
  public void end(Status status) {
    try {
      delegate.end(status);
    } catch (Throwable e) {
      guard.failed("TraceSpan.end", e);
    }
  }

  @Override
  public TraceContext context() {
    try {
      TraceContext c = delegate.context();
      return c == null ? TraceContext.none() : c;
    } catch (Throwable e) {
      guard.failed("TraceSpan.context", e);
      return TraceContext.none();
    }
  }
}
