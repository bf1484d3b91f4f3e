package dev.jflow.api;

import java.util.Objects;

/**
 * Where one gateway of a started Flow listens: its protocol ({@code grpc}, {@code websocket},
 * {@code inprocess}), host (or in-process name) and port. Immutable; written
 * {@code protocol://host:port} ({@code :port} left out for transports without ports).
 */
public final class GatewayAddress {
  private final String protocol;
  private final String host;
  private final int port;

  private GatewayAddress(String protocol, String host, int port) {
    this.protocol = Objects.requireNonNull(protocol, "protocol");
    this.host = Objects.requireNonNull(host, "host");
    this.port = port;
  }

  /** The address of a gateway speaking {@code protocol} at {@code host} and {@code port} (0 for none). */
  public static GatewayAddress of(String protocol, String host, int port) {
    return new GatewayAddress(protocol, host, port);
  }

  /** The transport's name, e.g. {@code grpc}. */
  public String protocol() {
    return protocol;
  }

  /** The interface the gateway is bound to (e.g. {@code 0.0.0.0}), or the in-process server's name. */
  public String host() {
    return host;
  }

  /** The port the gateway listens on; 0 for transports without ports. */
  public int port() {
    return port;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GatewayAddress a && protocol.equals(a.protocol) && host.equals(a.host) && port == a.port;
  }

  @Override
  public int hashCode() {
    return Objects.hash(protocol, host, port);
  }

  @Override
  public String toString() {
    return protocol + "://" + host + (port > 0 ? ":" + port : "");
  }
}
