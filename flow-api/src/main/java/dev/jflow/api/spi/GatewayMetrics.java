package dev.jflow.api.spi;

import dev.jflow.api.Status;

/**
 * The meters of one gateway. The admission reports calls, requests and their outcomes; the transport
 * reports connections and the bytes it writes. Every method is cheap and never throws.
 */
public interface GatewayMetrics {

  /** Records nothing. */
  static GatewayMetrics none() {
    return NoMetrics.GATEWAY;
  }

  /** A client call (a gRPC stream, a WebSocket stream, an HTTP request) was opened. */
  default void callOpened() {}

  /** A call opened earlier ended, however it ended. */
  default void callClosed() {}

  /** A connection (socket) was accepted. Reported by the transport. */
  default void connectionOpened() {}

  /** A connection accepted earlier closed. Reported by the transport. */
  default void connectionClosed() {}

  /** A request of {@code bytes} bytes on the wire was offered to a live call (not one its call had already ended or failed). */
  default void received(long bytes) {}

  /** A request left the admission's backlog to run, after waiting {@code waitNanos} for a prefetch slot. */
  default void admitted(long waitNanos) {}

  /**
   * A request {@link #admitted} earlier was answered with {@code code} after {@code latencyNanos}
   * (counted from when it was offered, so including its wait for a prefetch slot): its
   * response's status, its failure's code, or, when its call ended first, the code the call ended with
   * (CANCELLED, the failure's, UNAVAILABLE for a drain's cut). Exactly once for every admitted request.
   */
  default void answered(Status.Code code, long latencyNanos) {}

  /** A call or request was refused or cut before it ran, with {@code code} (RESOURCE_EXHAUSTED, UNAUTHENTICATED, ...). */
  default void refused(Status.Code code) {}

  /** A response of {@code bytes} bytes was written to the wire. Reported by the transport. */
  default void sent(long bytes) {}

  /**
   * This user is done with these meters (the Flow closed, after its gateways drained): once no one
   * uses the meters of this flow and protocol, they are removed. Later calls are ignored. Idempotent.
   */
  default void close() {}
}
