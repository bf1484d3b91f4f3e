package dev.jflow.api;

/**
 * How a Flow's gateway serves: which transport, where, and its limits.
 *
 * @param protocol the transport's name ({@code grpc}, {@code websocket}, {@code inprocess}); null picks the
 *     available transport with the highest priority (gRPC when present, else in-process)
 * @param host the interface to bind; default {@code 0.0.0.0}, as Jina
 * @param port the port; 0 (the default) picks a free one
 * @param prefetch requests per client stream the gateway runs at once; default 50
 * @param maxMessageSize largest request accepted, in bytes; default 64 MiB
 */
public record GatewayConfig(String protocol, String host, int port, int prefetch, int maxMessageSize) {
  /** The default largest message: 64 MiB. */
  public static final int DEFAULT_MAX_MESSAGE_SIZE = 64 << 20;

  /** Validates every field and reports all problems at once. */
  public GatewayConfig {
    host = host == null || host.isBlank() ? "0.0.0.0" : host;
    StringBuilder problems = new StringBuilder();
    if (port < 0 || port > 65535) {
      problems.append("; port must be 0 (pick a free port) to 65535, got ").append(port);
    }
    if (prefetch < 1) {
      problems.append("; prefetch must be at least 1, got ").append(prefetch);
    }
    if (maxMessageSize < 1) {
      problems.append("; maxMessageSize must be positive, got ").append(maxMessageSize);
    }
    if (problems.length() > 0) {
      throw new FlowException(Status.Code.INVALID_ARGUMENT, "invalid gateway configuration: " + problems.substring(2));
    }
  }

  /** The defaults: automatic protocol, {@code 0.0.0.0}, a free port, prefetch 50, 64 MiB messages. */
  public static GatewayConfig defaults() {
    return new GatewayConfig(null, null, 0, 50, DEFAULT_MAX_MESSAGE_SIZE);
  }

  /** This configuration with another protocol. */
  public GatewayConfig withProtocol(String protocol) {
    return new GatewayConfig(protocol, host, port, prefetch, maxMessageSize);
  }

  /** This configuration with another host. */
  public GatewayConfig withHost(String host) {
    return new GatewayConfig(protocol, host, port, prefetch, maxMessageSize);
  }

  /** This configuration with another port. */
  public GatewayConfig withPort(int port) {
    return new GatewayConfig(protocol, host, port, prefetch, maxMessageSize);
  }

  /** This configuration with another prefetch. */
  public GatewayConfig withPrefetch(int prefetch) {
    return new GatewayConfig(protocol, host, port, prefetch, maxMessageSize);
  }

  /** This configuration with another message size limit. */
  public GatewayConfig withMaxMessageSize(int maxMessageSize) {
    return new GatewayConfig(protocol, host, port, prefetch, maxMessageSize);
  }
}
