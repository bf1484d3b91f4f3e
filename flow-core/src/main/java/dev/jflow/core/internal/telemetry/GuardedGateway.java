package dev.jflow.core.internal.telemetry;

import dev.jflow.api.Status;
import dev.jflow.api.spi.GatewayMetrics;

/** A user's gateway meters whose every call catches what they throw (see {@link Guard}). */
final class GuardedGateway implements GatewayMetrics {
  private final GatewayMetrics delegate;
  private final Guard guard;

  GuardedGateway(GatewayMetrics delegate, Guard guard) {
    this.delegate = delegate;
    this.guard = guard;
  }

  @Override
  public void callOpened() {
    try {
      delegate.callOpened();
    } catch (Throwable e) {
      guard.failed("GatewayMetrics.callOpened", e);
    }
  }

  @Override
  public void callClosed() {
    try {
      delegate.callClosed();
    } catch (Throwable e) {
      guard.failed("GatewayMetrics.callClosed", e);
    }
  }

  @Override
  public void connectionOpened() {
    try {
      delegate.connectionOpened();
    } catch (Throwable e) {
      guard.failed("GatewayMetrics.connectionOpened", e);
    }
  }

  @Override
  public void connectionClosed() {
    try {
      delegate.connectionClosed();
    } catch (Throwable e) {
      guard.failed("GatewayMetrics.connectionClosed", e);
    }
  }

  @Override
  public void received(long bytes) {
    try {
      delegate.received(bytes);
    } catch (Throwable e) {
      guard.failed("GatewayMetrics.received", e);
    }
  }

  @Override
  public void admitted(long waitNanos) {
    try {
      delegate.admitted(waitNanos);
    } catch (Throwable e) {
      guard.failed("GatewayMetrics.admitted", e);
    }
  }

  @Override
  public void answered(Status.Code code, long latencyNanos) {
    try {
      delegate.answered(code, latencyNanos);
    } catch (Throwable e) {
      guard.failed("GatewayMetrics.answered", e);
    }
  }

  @Override
  public void refused(Status.Code code) {
    try {
      delegate.refused(code);
    } catch (Throwable e) {
      guard.failed("GatewayMetrics.refused", e);
    }
  }

  @Override
  public void sent(long bytes) {
    try {
      delegate.sent(bytes);
    } catch (Throwable e) {
      guard.failed("GatewayMetrics.sent", e);
    }
  }

  @Override
  public void close() {
    try {
      delegate.close();
    } catch (Throwable e) {
      guard.failed("GatewayMetrics.close", e);
    }
  }
}
