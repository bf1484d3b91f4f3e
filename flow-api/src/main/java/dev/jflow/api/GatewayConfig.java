package dev.jflow.api;

import dev.jflow.api.spi.Authenticator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * How a Flow's gateways serve: which transports, where, their limits and their transports' own
 * options. Immutable; build with {@link #builder()} or change one field of an existing configuration
 * with a {@code with...} method.
 *
 * <p>One protocol (the usual case) means one gateway. Several protocols mean several gateways, one per
 * protocol, each on its own port and all serving the same Flow; every other setting holds for each of
 * them (each has its own admission budgets). Every limit holds for every transport, since all of them
 * admit requests through one {@link dev.jflow.api.spi.Admission}.
 *
 * <p>A transport's own settings are {@linkplain #options() options} named
 * {@code <transport>.<snake_case>} (e.g. {@code websocket.cors}); the transport declares them
 * ({@link dev.jflow.api.spi.TransportProvider#options()}) and rejects unknown names and bad values
 * when the Flow is created.
 */
public final class GatewayConfig {
  /** The default largest message: 64 MiB. */
  public static final int DEFAULT_MAX_MESSAGE_SIZE = 64 << 20;
  /** The default byte budget of one client stream: 64 MiB. */
  public static final long DEFAULT_MAX_STREAM_BYTES = 64L << 20;
  /** The default grace period of a drain: 30 s. */
  public static final Duration DEFAULT_DRAIN_GRACE = Duration.ofSeconds(30);
  /** The default largest {@code top_k} a request may ask for: 10,000. */
  public static final int DEFAULT_MAX_TOP_K = 10_000;

  private static final GatewayConfig DEFAULTS = builder().build();

  private static final Pattern OPTION_NAME = Pattern.compile("[a-z][a-z0-9]*\\.[a-z][a-z0-9_]*");

  private final List<String> protocols;
  private final String host;
  private final List<Integer> ports;
  private final int prefetch;
  private final int maxMessageSize;
  private final long maxStreamBytes;
  private final long maxGatewayBytes;
  private final Duration drainGrace;
  private final int maxTopK;
  private final int maxRequestsPerSecond;
  private final int burst;
  private final Map<String, String> options;
  private final Authenticator authenticator;
  private final TlsConfig tls;
  private final int monitoringPort;

  private GatewayConfig(Builder b) {
    this.protocols = List.copyOf(b.protocols);
    this.host = b.host == null || b.host.isBlank() ? "0.0.0.0" : b.host;
    List<Integer> p = new ArrayList<>(b.ports);
    while (!p.isEmpty() && p.get(p.size() - 1) == 0) {
      p.remove(p.size() - 1); // a port left out and port 0 both mean a free port
    }
    this.ports = List.copyOf(p);
    this.prefetch = b.prefetch;
    this.maxMessageSize = b.maxMessageSize;
    this.maxStreamBytes = b.maxStreamBytes;
    this.maxGatewayBytes = b.maxGatewayBytes;
    this.drainGrace = b.drainGrace;
    this.maxTopK = b.maxTopK;
    this.maxRequestsPerSecond = b.maxRequestsPerSecond;
    this.burst = b.burst; // 0: as many as the rate, which toBuilder keeps following
    this.options = Collections.unmodifiableMap(new TreeMap<>(b.options));
    this.authenticator = b.authenticator;
    this.tls = b.tls;
    this.monitoringPort = b.monitoringPort;
  }

  /**
   * The defaults: automatic protocol, {@code 0.0.0.0}, a free port, prefetch 50, 64 MiB messages and
   * streams, 30 s drain, {@code top_k} up to 10,000, no rate limit, no options, anonymous callers (data only).
   */
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
    b.protocols = new ArrayList<>(protocols);
    b.host = host;
    b.ports = new ArrayList<>(ports);
    b.prefetch = prefetch;
    b.maxMessageSize = maxMessageSize;
    b.maxStreamBytes = maxStreamBytes;
    b.maxGatewayBytes = maxGatewayBytes;
    b.drainGrace = drainGrace;
    b.maxTopK = maxTopK;
    b.maxRequestsPerSecond = maxRequestsPerSecond;
    b.burst = burst;
    b.options = new HashMap<>(options);
    b.authenticator = authenticator;
    b.tls = tls;
    b.monitoringPort = monitoringPort;
    return b;
  }

  /**
   * The first (usually the only) transport's name ({@code grpc}, {@code websocket}, {@code inprocess}),
   * or null for the available one with the highest priority.
   */
  public String protocol() {
    return protocols.isEmpty() ? null : protocols.get(0);
  }

  /**
   * Every transport that serves the Flow, one gateway each, in order; empty (the default) for one
   * gateway of the available transport with the highest priority.
   */
  public List<String> protocols() {
    return protocols;
  }

  /** The interface to bind; {@code 0.0.0.0} by default, as Jina. */
  public String host() {
    return host;
  }

  /** The first (usually the only) gateway's port; 0 (the default) picks a free port. */
  public int port() {
    return ports.isEmpty() ? 0 : ports.get(0);
  }

  /** Each gateway's port, one per protocol in order (one when none is set); 0 picks a free port. */
  public List<Integer> ports() {
    List<Integer> all = new ArrayList<>(ports);
    while (all.size() < Math.max(1, protocols.size())) {
      all.add(0);
    }
    return List.copyOf(all);
  }

  /**
   * The configuration of each gateway: one per protocol (one with the automatic protocol when none is
   * set), each with its protocol and port; host, limits and options are shared.
   */
  public List<GatewayConfig> gateways() {
    if (protocols.size() <= 1) {
      return List.of(this);
    }
    List<GatewayConfig> each = new ArrayList<>();
    List<Integer> all = ports();
    for (int i = 0; i < protocols.size(); i++) {
      each.add(toBuilder().protocol(protocols.get(i)).port(all.get(i)).build());
    }
    return List.copyOf(each);
  }

  /**
   * The transports' own options, by name ({@code <transport>.<snake_case>}), as text; sorted; empty by
   * default. Each transport reads those named after it; see {@link #option(GatewayOption)}.
   */
  public Map<String, String> options() {
    return options;
  }

  /** The text of the option named {@code name}, if set. */
  public Optional<String> option(String name) {
    return Optional.ofNullable(options.get(name));
  }

  /**
   * The value of {@code option}: the configured text read in the option's form, else its default.
   *
   * @throws FlowException INVALID_ARGUMENT when the configured text is not in the option's form
   */
  public <T> T option(GatewayOption<T> option) {
    String text = options.get(option.name());
    return text == null ? option.defaultValue() : option.parse(text);
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

  /**
   * Who may call the gateway and what each caller may do; default {@link Authenticator#anonymous()}:
   * data without a token, control only in-process. See {@link dev.jflow.api.spi.BearerTokens}.
   */
  public Authenticator authenticator() {
    return authenticator;
  }

  /**
   * The largest {@code top_k} (the number of matches a search asks for, in its parameters or Jina's
   * {@code queryset}) a request may carry; a request asking for more is refused with INVALID_ARGUMENT
   * by every gateway. Default {@value #DEFAULT_MAX_TOP_K}.
   */
  public int maxTopK() {
    return maxTopK;
  }

  /**
   * Requests per second each caller may send; a request over it is refused with RESOURCE_EXHAUSTED
   * (HTTP 429) naming the limit. Callers with a token are counted by their name across all their calls;
   * anonymous callers, who cannot be told apart, each call on its own. The Flow's own calls are never
   * counted. 0 (the default) means no limit.
   */
  public int maxRequestsPerSecond() {
    return maxRequestsPerSecond;
  }

  /**
   * How many requests a caller who has been quiet may send at once before {@link #maxRequestsPerSecond()}
   * holds it back (the size of its token bucket); by default equal to the rate; 0 when there is no limit.
   */
  public int burst() {
    return maxRequestsPerSecond == 0 ? 0 : burst == 0 ? maxRequestsPerSecond : burst;
  }

  /** The TLS the gateway serves with, or null (the default) for plaintext; see {@link TlsConfig}. */
  public TlsConfig tls() {
    return tls;
  }

  /**
   * The port of the monitoring endpoint (plain HTTP {@code GET /metrics}, HTTPS when {@link #tls()} is
   * set; the same tokens as the gateway) for gateways that cannot serve {@code /metrics} themselves,
   * such as gRPC, and for remote pods; -1 (the default) for none, 0 for a free port. The restful
   * gateway serves {@code /metrics} on its own port either way.
   */
  public int monitoringPort() {
    return monitoringPort;
  }

  /** This configuration with one protocol (null: the automatic one) instead of its protocols. */
  public GatewayConfig withProtocol(String protocol) {
    return toBuilder().protocol(protocol).build();
  }

  /** This configuration with another host. */
  public GatewayConfig withHost(String host) {
    return toBuilder().host(host).build();
  }

  /** This configuration with one port instead of its ports (further gateways pick free ports). */
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

  /** This configuration with the option {@code name} set to {@code value} (null removes it). */
  public GatewayConfig withOption(String name, String value) {
    return toBuilder().option(name, value).build();
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof GatewayConfig)) {
      return false;
    }
    GatewayConfig g = (GatewayConfig) o;
    return protocols.equals(g.protocols) && host.equals(g.host) && ports.equals(g.ports) && prefetch == g.prefetch
        && maxMessageSize == g.maxMessageSize && maxStreamBytes == g.maxStreamBytes
        && maxGatewayBytes == g.maxGatewayBytes && drainGrace.equals(g.drainGrace) && maxTopK == g.maxTopK
        && maxRequestsPerSecond == g.maxRequestsPerSecond && burst() == g.burst() && options.equals(g.options)
        && authenticator.equals(g.authenticator) && Objects.equals(tls, g.tls) && monitoringPort == g.monitoringPort;
  }

  @Override
  public int hashCode() {
    return Objects.hash(protocols, host, ports, prefetch, maxMessageSize, maxStreamBytes, maxGatewayBytes, drainGrace, maxTopK, maxRequestsPerSecond,
        burst(), options, authenticator, tls, monitoringPort);
  }

  @Override
  public String toString() {
    return "GatewayConfig{protocol=" + (protocols.size() > 1 ? protocols : protocol()) + ", host=" + host + ", port="
        + (protocols.size() > 1 ? ports() : port()) + ", prefetch=" + prefetch
        + ", maxMessageSize=" + maxMessageSize + ", maxStreamBytes=" + maxStreamBytes + ", maxGatewayBytes="
        + (maxGatewayBytes == 0 ? "auto" : maxGatewayBytes) + ", drainGrace=" + drainGrace + ", maxTopK=" + maxTopK
        + (maxRequestsPerSecond == 0 ? "" : ", maxRequestsPerSecond=" + maxRequestsPerSecond + ", burst=" + burst())
        + (options.isEmpty() ? "" : ", options=" + options) + ", authenticator=" + authenticator
        + (tls == null ? "" : ", tls=" + tls) + (monitoringPort < 0 ? "" : ", monitoringPort=" + monitoringPort) + "}";
  }

  /** Builds a {@link GatewayConfig}; {@link #build()} reports every invalid value at once. */
  public static final class Builder {
    private List<String> protocols = new ArrayList<>();
    private String host = "0.0.0.0";
    private List<Integer> ports = new ArrayList<>();
    private int prefetch = 50;
    private int maxMessageSize = DEFAULT_MAX_MESSAGE_SIZE;
    private long maxStreamBytes = DEFAULT_MAX_STREAM_BYTES;
    private long maxGatewayBytes;
    private Duration drainGrace = DEFAULT_DRAIN_GRACE;
    private int maxTopK = DEFAULT_MAX_TOP_K;
    private int maxRequestsPerSecond;
    private int burst;
    private Map<String, String> options = new HashMap<>();
    private Authenticator authenticator = Authenticator.anonymous();
    private TlsConfig tls;
    private int monitoringPort = -1;

    private Builder() {}

    /** One transport by name, instead of any set before; default null: the available one with the highest priority. */
    public Builder protocol(String protocol) {
      this.protocols = new ArrayList<>();
      if (protocol != null) {
        protocols.add(protocol);
      }
      return this;
    }

    /**
     * Several transports, one gateway each on its own port (see {@link #ports}), all serving the same
     * Flow; default none: one gateway of the available transport with the highest priority.
     */
    public Builder protocols(String... protocols) {
      return protocols(java.util.Arrays.asList(protocols));
    }

    /** Same as {@link #protocols(String...)}. */
    public Builder protocols(List<String> protocols) {
      this.protocols = new ArrayList<>(protocols);
      return this;
    }

    /** The interface to bind; default {@code 0.0.0.0}; null or blank means the default. */
    public Builder host(String host) {
      this.host = host;
      return this;
    }

    /** The (first) gateway's port, 0 to 65535, instead of any set before; default 0, a free port. */
    public Builder port(int port) {
      this.ports = new ArrayList<>(List.of(port));
      return this;
    }

    /**
     * Each gateway's port in the order of the {@linkplain #protocols protocols}, at most one per
     * protocol; gateways without one (or with 0) pick a free port. Default: free ports.
     */
    public Builder ports(int... ports) {
      List<Integer> all = new ArrayList<>();
      for (int p : ports) {
        all.add(p);
      }
      return ports(all);
    }

    /** Same as {@link #ports(int...)}. */
    public Builder ports(List<Integer> ports) {
      this.ports = new ArrayList<>(ports);
      return this;
    }

    /**
     * Sets a transport's option, named {@code <transport>.<snake_case>} (e.g.
     * {@code websocket.cors}), to {@code value} as text; null removes it. Default: no options.
     */
    public Builder option(String name, String value) {
      Objects.requireNonNull(name, "name");
      if (value == null) {
        options.remove(name);
      } else {
        options.put(name, value);
      }
      return this;
    }

    /** Sets a number option (e.g. {@code websocket.worker_threads}); see {@link #option(String, String)}. */
    public Builder option(String name, long value) {
      return option(name, Long.toString(value));
    }

    /**
     * Sets {@code option} to {@code value}.
     *
     * @throws FlowException INVALID_ARGUMENT when {@code value} is outside the option's range
     */
    public <T> Builder option(GatewayOption<T> option, T value) {
      return option(option.name(), option.format(value));
    }

    /** Sets every option of {@code options}; see {@link #option(String, String)}. */
    public Builder options(Map<String, String> options) {
      options.forEach(this::option);
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
     * Who may call the gateway; default {@link Authenticator#anonymous()} (data without a token, no
     * control over the network); e.g. {@code BearerTokens.builder().adminTokens(Secret.fromEnv("JFLOW_ADMIN_TOKENS")).build()}.
     */
    public Builder authenticator(Authenticator authenticator) {
      this.authenticator = authenticator;
      return this;
    }

    /**
     * The largest {@code top_k} a request may ask for, at least 1; a request asking for more is refused
     * with INVALID_ARGUMENT naming this limit. Default {@value GatewayConfig#DEFAULT_MAX_TOP_K}.
     */
    public Builder maxTopK(int maxTopK) {
      this.maxTopK = maxTopK;
      return this;
    }

    /**
     * Requests per second each caller may send, 0 or more; a request over it is refused with
     * RESOURCE_EXHAUSTED (HTTP 429 with {@code Retry-After}) naming the limit and the caller. A caller
     * with a token is one caller across all its calls; an anonymous caller is counted per call. Default
     * 0: no limit.
     */
    public Builder maxRequestsPerSecond(int maxRequestsPerSecond) {
      this.maxRequestsPerSecond = maxRequestsPerSecond;
      return this;
    }

    /**
     * How many requests a caller who has been quiet may send at once, at least 1 (with a rate limit);
     * default 0: as many as {@link #maxRequestsPerSecond(int)}.
     */
    public Builder burst(int burst) {
      this.burst = burst;
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
     * Serves the Flow's meters at {@code GET /metrics} on this port (see {@link GatewayConfig#monitoringPort()});
     * default -1: no monitoring port; 0 picks a free one.
     */
    public Builder monitoringPort(int port) {
      this.monitoringPort = port;
      return this;
    }

    /**
     * Builds the configuration.
     *
     * @throws FlowException INVALID_ARGUMENT naming every invalid value
     */
    public GatewayConfig build() {
      List<String> problems = new ArrayList<>();
      checkProtocolsAndPorts(problems);
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
      if (maxTopK < 1) {
        problems.add("maxTopK must be at least 1, got " + maxTopK);
      }
      if (maxRequestsPerSecond < 0) {
        problems.add("maxRequestsPerSecond must be 0 (no limit) or positive, got " + maxRequestsPerSecond);
      }
      if (burst < 0) {
        problems.add("burst must be 0 (as many as maxRequestsPerSecond) or positive, got " + burst);
      }
      options.keySet().stream().sorted().filter(n -> !OPTION_NAME.matcher(n).matches()).forEach(n -> problems.add(
          "option names are <transport>.<snake_case_name> (e.g. websocket.max_queued_bytes), got '" + n + "'"));
      if (authenticator == null) {
        problems.add("authenticator must not be null; Authenticator.anonymous() is the default");
      }
      if (monitoringPort < -1 || monitoringPort > 65535) {
        problems.add("monitoringPort must be -1 (none), 0 (a free port) or a port up to 65535, got " + monitoringPort);
      }
      if (tls != null && !tls.hasKeyMaterial()) {
        problems.add("tls needs the gateway's certificate: certificate and privateKey, or keyStore");
      }
      if (!problems.isEmpty()) {
        throw new FlowException(Status.Code.INVALID_ARGUMENT, "invalid gateway configuration: " + String.join("; ", problems));
      }
      return new GatewayConfig(this);
    }

    private void checkProtocolsAndPorts(List<String> problems) {
      List<String> seen = new ArrayList<>();
      for (String p : protocols) {
        if (p == null || p.isBlank()) {
          problems.add("protocols must be transport names, got " + (p == null ? "null" : "'" + p + "'"));
        } else if (seen.contains(p)) {
          problems.add("protocol '" + p + "' is listed twice; each protocol serves one gateway");
        } else {
          seen.add(p);
        }
      }
      Map<Integer, String> taken = new HashMap<>();
      for (int i = 0; i < ports.size(); i++) {
        Integer port = ports.get(i);
        if (port == null || port < 0 || port > 65535) {
          problems.add("port must be 0 (pick a free port) to 65535, got " + port);
        } else if (port > 0 && taken.containsKey(port)) {
          problems.add("port " + port + " is given to two gateways (" + taken.get(port) + " and " + name(i) + ")");
        } else {
          taken.put(port, name(i));
        }
      }
      if (ports.size() > Math.max(1, protocols.size())) {
        problems.add(ports.size() + " ports " + ports + " for " + (protocols.size() > 1 ? protocols.size() + " protocols " + protocols
            : "one gateway") + "; give at most one port per protocol");
      }
    }

    private String name(int i) {
      return i < protocols.size() ? String.valueOf(protocols.get(i)) : "gateway " + (i + 1);
    }
  }
}
