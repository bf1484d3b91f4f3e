package dev.jflow.api.spi;

/**
 * Where a gateway listens, in a transport's terms.
 *
 * @param protocol the transport's name (e.g. {@code grpc}, {@code inprocess})
 * @param host the host, or the in-process server name
 * @param port the port; 0 for transports without ports
 */
public record TransportAddress(String protocol, String host, int port) {
  @Override
  public String toString() {
    return protocol + "://" + host + (port > 0 ? ":" + port : "");
  }
}
