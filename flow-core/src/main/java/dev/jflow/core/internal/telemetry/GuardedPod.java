package dev.jflow.core.internal.telemetry;

import dev.jflow.api.RequestType;
import dev.jflow.api.Status;
import dev.jflow.api.spi.PodMetrics;

/** A user's replica meters whose every call catches what they throw (see {@link Guard}). */
final class GuardedPod implements PodMetrics {
  private final PodMetrics delegate;
  private final Guard guard;

  GuardedPod(PodMetrics delegate, Guard guard) {
    this.delegate = delegate;
    this.guard = guard;
  }

  @Override
  public void finished(RequestType type, Status.Code code, int docs, long queueNanos, long executorNanos) {
    try {
      delegate.finished(type, code, docs, queueNanos, executorNanos);
    } catch (Throwable e) {
      guard.failed("PodMetrics.finished", e);
    }
  }

  @Override
  public void batched(int requests, int docs) {
    try {
      delegate.batched(requests, docs);
    } catch (Throwable e) {
      guard.failed("PodMetrics.batched", e);
    }
  }

  @Override
  public void shed() {
    try {
      delegate.shed();
    } catch (Throwable e) {
      guard.failed("PodMetrics.shed", e);
    }
  }

  @Override
  public void restarted() {
    try {
      delegate.restarted();
    } catch (Throwable e) {
      guard.failed("PodMetrics.restarted", e);
    }
  }

  @Override
  public void close() {
    try {
      delegate.close();
    } catch (Throwable e) {
      guard.failed("PodMetrics.close", e);
    }
  }
}
