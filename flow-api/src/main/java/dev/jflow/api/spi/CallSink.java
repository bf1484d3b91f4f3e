package dev.jflow.api.spi;

import dev.jflow.api.FlowException;
import dev.jflow.api.Request;
import dev.jflow.api.Response;

/**
 * The transport side of one admitted call: where {@link AdmittedCall} writes responses and ends the
 * call. The admission never calls a sink concurrently and never after {@link #complete()} or
 * {@link #fail(FlowException)}.
 */
public interface CallSink {

  /** Writes the response to {@code request} (the object offered) to the client. A throw fails the call with INTERNAL. */
  void send(Request request, Response response);

  /** Ends the call normally: its input ended and every request was answered. */
  void complete();

  /** Ends the call with {@code error} (its status says why); requests still running were abandoned. */
  void fail(FlowException error);

  /**
   * Whether the transport reads requests only when asked ({@link #request(int)}), as gRPC does. Push
   * transports (WebSocket, HTTP, in-process) return false, the default: what they deliver beyond the
   * prefetch window waits in a backlog bounded by the stream's byte budget.
   */
  default boolean readsOnDemand() {
    return false;
  }

  /** Asks the transport to read {@code n} more requests; only called when {@link #readsOnDemand()}. */
  default void request(int n) {}

  /**
   * Whether the client is taking responses as fast as they come (gRPC's {@code isReady}). While it is
   * not, no more input is requested; the transport calls {@link AdmittedCall#onReady()} when it is
   * again. Default true.
   */
  default boolean isReady() {
    return true;
  }
}
