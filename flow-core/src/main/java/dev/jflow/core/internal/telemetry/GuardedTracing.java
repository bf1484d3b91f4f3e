package dev.jflow.core.internal.telemetry;

import dev.jflow.api.Request;
import dev.jflow.api.spi.TraceContext;
import dev.jflow.api.spi.TraceSpan;
import dev.jflow.api.spi.Tracing;

/** A user's tracing whose every call, and every span it starts, catches what it throws (see {@link Guard}). */
final class GuardedTracing implements Tracing {
  private final Tracing delegate;
  private final Guard guard;

  private GuardedTracing(Tracing delegate, Guard guard) {
    this.delegate = delegate;
    this.guard = guard;
  }

  /** {@code tracing} guarded; {@link Tracing#none()} (and null) as none, unwrapped. */
  static Tracing of(Tracing tracing, Guard guard) {
    return tracing == null || tracing == Tracing.none() ? Tracing.none() : new GuardedTracing(tracing, guard);
  }

  @Override
  public boolean isEnabled() {
    try {
      return delegate.isEnabled();
    } catch (Throwable e) {
      guard.failed("Tracing.isEnabled", e);
      return false;
    }
  }

  @Override
  public TraceSpan request(String flow, Request request, TraceContext parent) {
    try {
      return GuardedSpan.of(delegate.request(flow, request, parent), guard);
    } catch (Throwable e) {
      guard.failed("Tracing.request", e);
      return TraceSpan.none();
    }
  }
}
