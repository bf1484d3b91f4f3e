package dev.jflow.api.spi;

/** The client side of a transport, connected to one gateway. Thread-safe; closing is idempotent. */
public interface ClientTransport extends AutoCloseable {

  /** Opens a call; responses go to {@code observer}. */
  ClientCall open(ResponseObserver observer);

  /** Releases connections; calls still open fail with UNAVAILABLE. */
  @Override
  void close();
}
