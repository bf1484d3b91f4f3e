package dev.jflow.api;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where a {@link Client} connects, and its limits. Immutable; make one with {@link #of} or
 * {@link #builder()}, or change one with {@link #toBuilder()}.
 */
public final class ClientConfig {
  private final String protocol;
  private final String host;
  private final int port;
  private final int maxMessageSize;
  private final String token;
  private final TlsConfig tls;
  private final InetAddress address;

  private ClientConfig(Builder b) {
    this.protocol = b.protocol;
    this.host = b.host;
    this.port = b.port;
    this.maxMessageSize = b.maxMessageSize;
    this.token = b.token;
    this.tls = b.tls;
    this.address = b.address;
  }

  /** A configuration for {@code protocol://host:port} with the default message size limit. */
  public static ClientConfig of(String protocol, String host, int port) {
    return builder().protocol(protocol).host(host).port(port).build();
  }

  /** A builder starting from the defaults; only the host has none and must be set. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this configuration. */
  public Builder toBuilder() {
    return builder().protocol(protocol).host(host).port(port).maxMessageSize(maxMessageSize).token(token).tls(tls).address(address);
  }

  /** The transport's name ({@code grpc}, {@code websocket}, {@code inprocess}), or null for the available one with the highest priority. */
  public String protocol() {
    return protocol;
  }

  /** The gateway's host (or in-process name). */
  public String host() {
    return host;
  }

  /** The gateway's port; 0 for transports without ports. */
  public int port() {
    return port;
  }

  /** The largest response accepted, in bytes; default 64 MiB ({@link GatewayConfig#DEFAULT_MAX_MESSAGE_SIZE}). */
  public int maxMessageSize() {
    return maxMessageSize;
  }

  /**
   * The bearer token sent with every call (gRPC metadata and HTTP header {@code authorization: Bearer
   * <token>}), or null (the default) to send none.
   */
  public String token() {
    return token;
  }

  /** The TLS the client connects with, or null (the default) for plaintext; see {@link TlsConfig}. */
  public TlsConfig tls() {
    return tls;
  }

  /**
   * The address the client connects to, one of {@link #host()}'s, or null (the default) to look the host
   * up when connecting. TLS still verifies {@link #host()}: a client can reach each address of a name
   * and check the certificate of the name.
   */
  public InetAddress address() {
    return address;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ClientConfig)) {
      return false;
    }
    ClientConfig c = (ClientConfig) o;
    return Objects.equals(protocol, c.protocol) && host.equals(c.host) && port == c.port && maxMessageSize == c.maxMessageSize
        && Objects.equals(token, c.token) && Objects.equals(tls, c.tls) && Objects.equals(address, c.address);
  }

  @Override
  public int hashCode() {
    return Objects.hash(protocol, host, port, maxMessageSize, token, tls, address);
  }

  @Override
  public String toString() {
    return "ClientConfig{protocol=" + protocol + ", host=" + host + ", port=" + port + ", maxMessageSize=" + maxMessageSize
        + (token == null ? "" : ", token=<hidden>") + (tls == null ? "" : ", tls=" + tls)
        + (address == null ? "" : ", address=" + address.getHostAddress()) + "}";
  }

  /** Builds a {@link ClientConfig}; {@link #build()} reports every invalid value at once. */
  public static final class Builder {
    private String protocol;
    private String host;
    private int port;
    private int maxMessageSize = GatewayConfig.DEFAULT_MAX_MESSAGE_SIZE;
    private String token;
    private TlsConfig tls;
    private InetAddress address;

    private Builder() {}

    /** The transport by name; default null: the available one with the highest priority. */
    public Builder protocol(String protocol) {
      this.protocol = protocol;
      return this;
    }

    /** The gateway's host (or in-process name); required, no default. */
    public Builder host(String host) {
      this.host = host;
      return this;
    }

    /** The gateway's port, 0 to 65535; default 0, for transports without ports. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** The largest response accepted in bytes, positive; default 64 MiB. */
    public Builder maxMessageSize(int bytes) {
      this.maxMessageSize = bytes;
      return this;
    }

    /**
     * The bearer token to send with every call; default null, none. Read it from a file or the
     * environment (see {@link Secret}), never from a command line.
     */
    public Builder token(String token) {
      this.token = token;
      return this;
    }

    /**
     * Connects with TLS: trusting gateways {@code tls}'s CA signed (the JDK's CAs when it names none),
     * presenting its certificate when it has one (mutual TLS). Default null: plaintext.
     */
    public Builder tls(TlsConfig tls) {
      this.tls = tls;
      return this;
    }

    /**
     * Connects to {@code address}, one of the host's addresses, instead of looking the host up; TLS
     * still verifies the host's name. Default null: the host is looked up when connecting.
     */
    public Builder address(InetAddress address) {
      this.address = address;
      return this;
    }

    /**
     * Builds the configuration.
     *
     * @throws FlowException INVALID_ARGUMENT naming every invalid value
     */
    public ClientConfig build() {
      List<String> problems = new ArrayList<>();
      if (host == null || host.isBlank()) {
        problems.add("host is required");
      }
      if (port < 0 || port > 65535) {
        problems.add("port must be 0 to 65535, got " + port);
      }
      if (maxMessageSize < 1) {
        problems.add("maxMessageSize must be positive, got " + maxMessageSize);
      }
      String tokenProblem = token == null ? null : dev.jflow.api.internal.TokenSet.problem(token);
      if (tokenProblem != null) {
        problems.add("the token " + tokenProblem); // never the token itself
      }
      if (!problems.isEmpty()) {
        throw new FlowException(Status.Code.INVALID_ARGUMENT, "invalid client configuration: " + String.join("; ", problems));
      }
      return new ClientConfig(this);
    }
  }
}
