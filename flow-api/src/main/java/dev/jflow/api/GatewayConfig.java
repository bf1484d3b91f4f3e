package dev.jflow.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How a Flow's gateway serves: which transport, where, and its limits. Immutable; build with
 * {@link #builder()} or change one field of an existing configuration with a {@code with...} method.
 * Every limit holds for every transport, since all of them admit requests through one
 * {@link dev.jflow.api.spi.Admission}.
 */
public final class GatewayConfig {
  /** The default largest message: 64 MiB. */
  public static final int DEFAULT_MAX_MESSAGE_SIZE = 64 << 20;
  /** The default byte budget of one client stream: 64 MiB. */
  public static final long DEFAULT_MAX_STREAM_BYTES = 64L << 20;
  /** The default grace period of a drain: 30 s. */
  public static final Duration DEFAULT_DRAIN_GRACE = Duration.ofSeconds(30);

  private static final GatewayConfig DEFAULTS = builder().build();

  private final String protocol;
  private final String host;
  private final int port;
  private final int prefetch;
  private final int maxMessageSize;
  private final long maxStreamBytes;
  private final long maxGatewayBytes;
  private final Duration drainGrace;
  private final TlsConfig tls;

  private GatewayConfig(Builder b) {
    this.protocol = b.protocol;
    this.host = b.host == null || b.host.isBlank() ? "0.0.0.0" : b.host;
    this.port = b.port;
    this.prefetch = b.prefetch;
    this.maxMessageSize = b.maxMessageSize;
    this.maxStreamBytes = b.maxStreamBytes;
    this.maxGatewayBytes = b.maxGatewayBytes;
    this.drainGrace = b.drainGrace;
    this.tls = b.tls;
  }

  /** The defaults: automatic protocol, {@code 0.0.0.0}, a free port, prefetch 50, 64 MiB messages and streams, 30 s drain. */
  public static GatewayConfig defaults() {
    return DEFAULTS;
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this configuration. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.protocol = protocol;
    b.host = host;
    b.port = port;
    b.prefetch = prefetch;
    b.maxMessageSize = maxMessageSize;
    b.maxStreamBytes = maxStreamBytes;
    b.maxGatewayBytes = maxGatewayBytes;
    b.drainGrace = drainGrace;
    b.tls = tls;
    return b;
  }

  /** The transport's name ({@code grpc}, {@code websocket}, {@code inprocess}), or null for the available one with the highest priority. */
  public String protocol() {
    return protocol;
  }

  /** The interface to bind; {@code 0.0.0.0} by default, as Jina. */
  public String host() {
    return host;
  }

  /** The port; 0 (the default) picks a free one. */
  public int port() {
    return port;
  }

  /** Requests of one client stream the gateway runs at once; default 50. */
  public int prefetch() {
    return prefetch;
  }

  /** The largest request accepted, in bytes; default 64 MiB. */
  public int maxMessageSize() {
    return maxMessageSize;
  }

  /**
   * Request bytes one client stream may hold in the gateway (running or waiting for a prefetch slot);
   * default 64 MiB. A stream always holds at least one request, whatever its size.
   */
  public long maxStreamBytes() {
    return maxStreamBytes;
  }

  /**
   * Request bytes all streams together may hold in the gateway; past it new requests are refused with
   * RESOURCE_EXHAUSTED. 0 (the default) means a quarter of the JVM's maximum heap.
   */
  public long maxGatewayBytes() {
    return maxGatewayBytes;
  }

  /** {@link #maxGatewayBytes()} with the default resolved against this JVM's heap. */
  public long effectiveMaxGatewayBytes() {
    return maxGatewayBytes > 0 ? maxGatewayBytes : Math.max(maxMessageSize, Runtime.getRuntime().maxMemory() / 4);
  }

  /**
   * How long closing the gateway lets accepted requests finish before cancelling them with
   * UNAVAILABLE; default 30 s.
   */
  public Duration drainGrace() {
    return drainGrace;
  }

  /** The TLS the gateway serves with, or null (the default) for plaintext; see {@link TlsConfig}. */
  public TlsConfig tls() {
    return tls;
  }

  /** This configuration with another protocol. */
  public GatewayConfig withProtocol(String protocol) {
    return toBuilder().protocol(protocol).build();
  }

  /** This configuration with another host. */
  public GatewayConfig withHost(String host) {
    return toBuilder().host(host).build();
  }

  /** This configuration with another port. */
  public GatewayConfig withPort(int port) {
    return toBuilder().port(port).build();
  }

  /** This configuration with another prefetch. */
  public GatewayConfig withPrefetch(int prefetch) {
    return toBuilder().prefetch(prefetch).build();
  }

  /** This configuration with another message size limit. */
  public GatewayConfig withMaxMessageSize(int maxMessageSize) {
    return toBuilder().maxMessageSize(maxMessageSize).build();
  }

  /** This configuration with another drain grace period. */
  public GatewayConfig withDrainGrace(Duration drainGrace) {
    return toBuilder().drainGrace(drainGrace).build();
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof GatewayConfig)) {
      return false;
    }
    GatewayConfig g = (GatewayConfig) o;
    return Objects.equals(protocol, g.protocol) && host.equals(g.host) && port == g.port && prefetch == g.prefetch
        && maxMessageSize == g.maxMessageSize && maxStreamBytes == g.maxStreamBytes
        && maxGatewayBytes == g.maxGatewayBytes && drainGrace.equals(g.drainGrace) && Objects.equals(tls, g.tls);
  }

  @Override
  public int hashCode() {
    return Objects.hash(protocol, host, port, prefetch, maxMessageSize, maxStreamBytes, maxGatewayBytes, drainGrace, tls);
  }

  @Override
  public String toString() {
    return "GatewayConfig{protocol=" + protocol + ", host=" + host + ", port=" + port + ", prefetch=" + prefetch
        + ", maxMessageSize=" + maxMessageSize + ", maxStreamBytes=" + maxStreamBytes + ", maxGatewayBytes="
        + (maxGatewayBytes == 0 ? "auto" : maxGatewayBytes) + ", drainGrace=" + drainGrace + (tls == null ? "" : ", tls=" + tls) + "}";
  }

  /** Builds a {@link GatewayConfig}; {@link #build()} reports every invalid value at once. */
  public static final class Builder {
    private String protocol;
    private String host = "0.0.0.0";
    private int port;
    private int prefetch = 50;
    private int maxMessageSize = DEFAULT_MAX_MESSAGE_SIZE;
    private long maxStreamBytes = DEFAULT_MAX_STREAM_BYTES;
    private long maxGatewayBytes;
    private Duration drainGrace = DEFAULT_DRAIN_GRACE;
    private TlsConfig tls;

    private Builder() {}

    /** The transport by name; default null: the available one with the highest priority. */
    public Builder protocol(String protocol) {
      this.protocol = protocol;
      return this;
    }

    /** The interface to bind; default {@code 0.0.0.0}; null or blank means the default. */
    public Builder host(String host) {
      this.host = host;
      return this;
    }

    /** The port, 0 to 65535; default 0, a free port. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** Requests of one stream run at once, at least 1; default 50. */
    public Builder prefetch(int prefetch) {
      this.prefetch = prefetch;
      return this;
    }

    /** The largest request in bytes; default 64 MiB. */
    public Builder maxMessageSize(int bytes) {
      this.maxMessageSize = bytes;
      return this;
    }

    /** Request bytes one stream may hold; default 64 MiB. */
    public Builder maxStreamBytes(long bytes) {
      this.maxStreamBytes = bytes;
      return this;
    }

    /** Request bytes the whole gateway may hold; default 0: a quarter of the maximum heap. */
    public Builder maxGatewayBytes(long bytes) {
      this.maxGatewayBytes = bytes;
      return this;
    }

    /** How long a drain waits for accepted requests; default 30 s; zero cancels them at once. */
    public Builder drainGrace(Duration grace) {
      this.drainGrace = grace;
      return this;
    }

    /**
     * Serves TLS (HTTPS and WSS for the websocket transport) with {@code tls}'s certificate, asking
     * clients for theirs as its {@link TlsConfig#clientAuth()} says. Default null: plaintext.
     */
    public Builder tls(TlsConfig tls) {
      this.tls = tls;
      return this;
    }

    /**
     * Builds the configuration.
     *
     * @throws FlowException INVALID_ARGUMENT naming every invalid value
     */
    public GatewayConfig build() {
      List<String> problems = new ArrayList<>();
      if (port < 0 || port > 65535) {
        problems.add("port must be 0 (pick a free port) to 65535, got " + port);
      }
      if (prefetch < 1) {
        problems.add("prefetch must be at least 1, got " + prefetch);
      }
      if (maxMessageSize < 1) {
        problems.add("maxMessageSize must be positive, got " + maxMessageSize);
      }
      if (maxStreamBytes < 1) {
        problems.add("maxStreamBytes must be positive, got " + maxStreamBytes);
      }
      if (maxGatewayBytes < 0) {
        problems.add("maxGatewayBytes must be 0 (a quarter of the heap) or positive, got " + maxGatewayBytes);
      }
      if (drainGrace == null || drainGrace.isNegative()) {
        problems.add("drainGrace must be zero or positive, got " + drainGrace);
      }
      if (tls != null && !tls.hasKeyMaterial()) {
        problems.add("tls needs the gateway's certificate: certificate and privateKey, or keyStore");
      }
      if (!problems.isEmpty()) {
        throw new FlowException(Status.Code.INVALID_ARGUMENT, "invalid gateway configuration: " + String.join("; ", problems));
      }
      return new GatewayConfig(this);
    }
  }
}
