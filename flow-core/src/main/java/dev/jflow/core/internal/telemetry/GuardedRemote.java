package dev.jflow.core.internal.telemetry;

import dev.jflow.api.Status;
import dev.jflow.api.spi.RemoteMetrics;

/** A user's remote-connection meters whose every call catches what they throw (see {@link Guard}). */
final class GuardedRemote implements RemoteMetrics {
  private final RemoteMetrics delegate;
  private final Guard guard;

  GuardedRemote(RemoteMetrics delegate, Guard guard) {
    this.delegate = delegate;
    this.guard = guard;
  }

  @Override
  public void ready(boolean ready) {
    try {
      delegate.ready(ready);
    } catch (Throwable e) {
      guard.failed("RemoteMetrics.ready", e);
    }
  }

  @Override
  public void reconnected() {
    try {
      delegate.reconnected();
    } catch (Throwable e) {
      guard.failed("RemoteMetrics.reconnected", e);
    }
  }

  @Override
  public void rpc(Status.Code code, long nanos) {
    try {
      delegate.rpc(code, nanos);
    } catch (Throwable e) {
      guard.failed("RemoteMetrics.rpc", e);
    }
  }

  @Override
  public void close() {
    try {
      delegate.close();
    } catch (Throwable e) {
      guard.failed("RemoteMetrics.close", e);
    }
  }
}
