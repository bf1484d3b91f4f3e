package dev.jflow.core.internal.telemetry;

import dev.jflow.api.Status;
import dev.jflow.api.spi.RemoteMetrics;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** One user's view of a remote connection's shared {@link RemoteMeters}: ignores calls once closed, and releases them once. */
final class RemoteHandle implements RemoteMetrics {
  private final RemoteMeters meters;
  private final Runnable release;
  private final AtomicBoolean closed = new AtomicBoolean();

  RemoteHandle(RemoteMeters meters, Runnable release) {
    this.meters = meters;
    this.release = release;
  }

  @Override
  public void ready(boolean ready) {
    if (!closed.get()) {
      meters.ready.set(ready ? 1 : 0);
    }
  }

  @Override
  public void reconnected() {
    if (!closed.get()) {
      meters.reconnects.increment();
    }
  }

  @Override
  public void rpc(Status.Code code, long nanos) {
    Timer t = code == null || closed.get() ? null : meters.latency.get(code.ordinal());
    if (t != null) {
      t.record(nanos, TimeUnit.NANOSECONDS);
    }
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      release.run();
    }
  }
}
