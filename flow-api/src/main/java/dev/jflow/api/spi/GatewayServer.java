package dev.jflow.api.spi;

import java.util.concurrent.CompletableFuture;

/** A running gateway of one transport. Closing is idempotent. */
public interface GatewayServer extends AutoCloseable {

  /** Starts serving; completes when clients can connect. Calling it twice returns the same future. */
  CompletableFuture<Void> start();

  /** The address clients connect to: host (or in-process name) and port. Valid after {@link #start()}. */
  TransportAddress address();

  /** Stops accepting calls, fails those in flight clearly, and completes when resources are released. */
  CompletableFuture<Void> closeAsync();

  /** Closes and waits. */
  @Override
  default void close() {
    closeAsync().join();
  }
}
