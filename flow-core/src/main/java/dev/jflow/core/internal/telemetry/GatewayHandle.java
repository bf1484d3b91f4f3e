package dev.jflow.core.internal.telemetry;

import dev.jflow.api.Status;
import dev.jflow.api.spi.GatewayMetrics;
import java.util.concurrent.atomic.AtomicBoolean;

/** One user's view of a gateway's shared {@link GatewayMeters}: ignores calls once closed, and releases them once. */
final class GatewayHandle implements GatewayMetrics {
  private final GatewayMeters meters;
  private final Runnable release;
  private final AtomicBoolean closed = new AtomicBoolean();

  GatewayHandle(GatewayMeters meters, Runnable release) {
    this.meters = meters;
    this.release = release;
  }

  @Override
  public void callOpened() {
    if (!closed.get()) {
      meters.callOpened();
    }
  }

  @Override
  public void callClosed() {
    if (!closed.get()) {
      meters.callClosed();
    }
  }

  @Override
  public void connectionOpened() {
    if (!closed.get()) {
      meters.connectionOpened();
    }
  }

  @Override
  public void connectionClosed() {
    if (!closed.get()) {
      meters.connectionClosed();
    }
  }

  @Override
  public void received(long bytes) {
    if (!closed.get()) {
      meters.received(bytes);
    }
  }

  @Override
  public void admitted(long waitNanos) {
    if (!closed.get()) {
      meters.admitted(waitNanos);
    }
  }

  @Override
  public void answered(Status.Code code, long latencyNanos) {
    if (!closed.get()) {
      meters.answered(code, latencyNanos);
    }
  }

  @Override
  public void refused(Status.Code code) {
    if (!closed.get()) {
      meters.refused(code);
    }
  }

  @Override
  public void sent(long bytes) {
    if (!closed.get()) {
      meters.sent(bytes);
    }
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      release.run();
    }
  }
}
