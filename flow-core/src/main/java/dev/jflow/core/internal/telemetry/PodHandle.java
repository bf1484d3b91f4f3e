package dev.jflow.core.internal.telemetry;

import dev.jflow.api.RequestType;
import dev.jflow.api.Status;
import dev.jflow.api.spi.PodMetrics;
import java.util.concurrent.atomic.AtomicBoolean;

/** One user's view of a replica's shared {@link PodMeters}: ignores calls once closed, and releases them once. */
final class PodHandle implements PodMetrics {
  private final PodMeters meters;
  private final Runnable release;
  private final AtomicBoolean closed = new AtomicBoolean();

  PodHandle(PodMeters meters, Runnable release) {
    this.meters = meters;
    this.release = release;
  }

  @Override
  public void finished(RequestType type, Status.Code code, int docs, long queueNanos, long executorNanos) {
    if (!closed.get()) {
      meters.finished(type, code, docs, queueNanos, executorNanos);
    }
  }

  @Override
  public void batched(int requests, int docs) {
    if (!closed.get()) {
      meters.batched(requests, docs);
    }
  }

  @Override
  public void shed() {
    if (!closed.get()) {
      meters.shed();
    }
  }

  @Override
  public void restarted() {
    if (!closed.get()) {
      meters.restarted();
    }
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      release.run();
    }
  }
}
