package dev.jflow.api.spi;

/** The client side of a transport, connected to one gateway. Thread-safe; closing is idempotent. */
public interface ClientTransport extends AutoCloseable {

  /**
   * Opens a call; responses go to {@code observer}. With a {@code timeout} (null for none) the whole
   * call must finish in time; the gateway fails a request still running then with DEADLINE_EXCEEDED
   * naming the pods it is in.
   */
  ClientCall open(ResponseObserver observer, java.time.Duration timeout);

  /**
   * {@link #open(ResponseObserver, java.time.Duration)} sending {@code trace} with the call (gRPC
   * metadata, HTTP or WebSocket upgrade headers {@code traceparent} and {@code tracestate}), so the
   * gateway's spans join the caller's trace. The default ignores it: a transport that cannot carry
   * headers starts a new trace on the other side.
   */
  default ClientCall open(ResponseObserver observer, java.time.Duration timeout, TraceContext trace) {
    return open(observer, timeout);
  }

  /**
   * Whether the observer of a call may run the caller's code on the thread that calls it: that thread
   * holds no lock of the transport and no other call waits behind it while it runs (gRPC's per-call
   * serialized application executor, for example), so a slow or blocking callback holds up only its
   * own call. When true, a client call whose options name no executor receives its responses on that
   * thread instead of a hand-off to a pool. Default false: a transport that calls back on a shared I/O
   * thread, or under a lock, or on a gateway's pod thread (in-process), keeps the hand-off.
   */
  default boolean callbacksMayBlock() {
    return false;
  }

  /** Releases connections; calls still open fail with UNAVAILABLE. */
  @Override
  void close();
}
