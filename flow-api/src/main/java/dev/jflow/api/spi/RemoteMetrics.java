package dev.jflow.api.spi;

import dev.jflow.api.Status;

/** The meters of one remote pod's connection, reported by flow-core. Every method is cheap and never throws. */
public interface RemoteMetrics {

  /** Records nothing. */
  static RemoteMetrics none() {
    return NoMetrics.REMOTE;
  }

  /** The remote answered its readiness probe ({@code true}) or stopped answering ({@code false}). */
  default void ready(boolean ready) {}

  /** The remote became ready again after it had been lost. */
  default void reconnected() {}

  /** One call to the remote ended with {@code code} after {@code nanos}. */
  default void rpc(Status.Code code, long nanos) {}

  /** Removes this connection's meters (the pod closed). */
  default void close() {}
}
