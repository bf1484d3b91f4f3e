package dev.jflow.api.spi;

import dev.jflow.api.RequestType;
import dev.jflow.api.Status;

/** The meters of one replica of a pod, reported by flow-core. Every method is cheap and never throws. */
public interface PodMetrics {

  /** Records nothing. */
  static PodMetrics none() {
    return NoMetrics.POD;
  }

  /**
   * The replica finished a request of {@code type} carrying {@code docs} documents with {@code code}
   * (SUCCESS or the executor's error), after {@code queueNanos} waiting in the pod's queue and
   * {@code executorNanos} in the executor.
   */
  default void finished(RequestType type, Status.Code code, int docs, long queueNanos, long executorNanos) {}

  /** The pod's queue was full and a request was refused with RESOURCE_EXHAUSTED. */
  default void shed() {}

  /** The replica's executor was replaced (a reload, a rolling update, a restart after a failure). */
  default void restarted() {}
}
