package dev.jflow.api;

import dev.jflow.api.internal.Factories;

/**
 * A client of a running gateway: the same CRUD calls as a Flow, over the gateway's transport.
 * Thread-safe; one client serves many concurrent calls. Close it to release its connections.
 */
public interface Client extends AsyncOperations, AsyncControl, AutoCloseable {

  /** A client of the gateway {@code config} describes. */
  static Client connect(ClientConfig config) {
    return Factories.flowFactory().newClient(config);
  }

  /** A client of the gateway at {@code protocol://host:port}. */
  static Client connect(String protocol, String host, int port) {
    return connect(ClientConfig.of(protocol, host, port));
  }

  /** The configuration this client connects with. */
  ClientConfig config();

  /** Releases connections; calls still running fail with UNAVAILABLE. Idempotent. */
  @Override
  void close();
}
