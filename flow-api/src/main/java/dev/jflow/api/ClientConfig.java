package dev.jflow.api;

/**
 * Where a {@link Client} connects.
 *
 * @param protocol the transport's name; null picks the available transport with the highest priority
 * @param host the gateway's host (or in-process name); required
 * @param port the gateway's port; 0 for transports without ports
 * @param maxMessageSize largest response accepted, in bytes; default 64 MiB
 */
public record ClientConfig(String protocol, String host, int port, int maxMessageSize) {
  /** Validates every field and reports all problems at once. */
  public ClientConfig {
    StringBuilder problems = new StringBuilder();
    if (host == null || host.isBlank()) {
      problems.append("; host is required");
    }
    if (port < 0 || port > 65535) {
      problems.append("; port must be 0 to 65535, got ").append(port);
    }
    if (maxMessageSize < 1) {
      problems.append("; maxMessageSize must be positive, got ").append(maxMessageSize);
    }
    if (problems.length() > 0) {
      throw new FlowException(Status.Code.INVALID_ARGUMENT, "invalid client configuration: " + problems.substring(2));
    }
  }

  /** A configuration for {@code protocol://host:port} with the default message size limit. */
  public static ClientConfig of(String protocol, String host, int port) {
    return new ClientConfig(protocol, host, port, GatewayConfig.DEFAULT_MAX_MESSAGE_SIZE);
  }
}
