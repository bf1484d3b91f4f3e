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

  /**
   * Under dynamic batching, the replica ran {@code requests} requests holding {@code docs} documents as
   * one executor call (a lone request is a batch of one); each request is also reported by
   * {@link #finished}. Does nothing by default.
   */
  default void batched(int requests, int docs) {}

  /**
   * The pod's queue was full and a request was refused with RESOURCE_EXHAUSTED. Reported on the
   * group's meters, whose label is the group's ({@code ""} for a pod's only group, else {@code shard-i},
   * {@code head} or {@code tail}), since a refusal belongs to no replica.
   */
  default void shed() {}

  /**
   * This replica replaced an earlier executor instance by a reload or a rolling update. Reported on
   * the replacement's meters once it is ready; a replacement takes the label of the replica it replaces.
   */
  default void restarted() {}

  /**
   * This user is done with these meters: once no one uses the meters of this flow, pod and label,
   * they are removed (the replica retired, the group closed). Later calls are ignored. Idempotent.
   */
  default void close() {}
}
