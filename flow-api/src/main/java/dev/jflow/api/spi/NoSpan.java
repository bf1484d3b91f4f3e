package dev.jflow.api.spi;

import dev.jflow.api.Request;
import dev.jflow.api.Status;

/** The shared no-op span and tracing of {@link Tracing#none()}. */
final class NoSpan implements TraceSpan {
  static final NoSpan SPAN = new NoSpan();
  static final Tracing TRACING = new Tracing() {
    @Override
    public boolean isEnabled() {
      return false;
    }

    @Override
    public TraceSpan request(String flow, Request request, TraceContext parent) {
      return SPAN;
    }
  };

  private NoSpan() {}

  @Override
  public TraceSpan child(String name) {
    return this;
  }

  @Override
  public void attribute(String key, String value) {}

  @Override
  public void event(String name) {}

  @Override
  public void end(Status status) {}

  @Override
  public TraceContext context() {
    return TraceContext.none();
  }
}
