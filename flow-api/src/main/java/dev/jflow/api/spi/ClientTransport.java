package dev.jflow.api.spi;

/** The client side of a transport, connected to one gateway. Thread-safe; closing is idempotent. */
public interface ClientTransport extends AutoCloseable {

  /**
   * Opens a call; responses go to {@code observer}. With a {@code timeout} (null for none) the whole
   * call must finish in time; the gateway fails a request still running then with DEADLINE_EXCEEDED
   * naming the pods it is in.
   */
  ClientCall open(ResponseObserver observer, java.time.Duration timeout);

  /** Releases connections; calls still open fail with UNAVAILABLE. */
  @Override
  void close();
}
