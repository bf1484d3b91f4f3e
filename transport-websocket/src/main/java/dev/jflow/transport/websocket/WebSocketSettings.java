package dev.jflow.transport.websocket;

import dev.jflow.api.FlowException;
import dev.jflow.api.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Options of the websocket gateway that {@link dev.jflow.api.GatewayConfig} does not hold: CORS, idle
 * timeout, the per-socket queue limits, the fixed worker pool and the time a request body may take to
 * arrive. Immutable. The provider found by ServiceLoader reads them from system properties
 * ({@code jflow.websocket.cors}, {@code jflow.websocket.idleTimeoutMs},
 * {@code jflow.websocket.maxQueuedBytes},
 * {@code jflow.websocket.workerThreads}, {@code jflow.websocket.workerQueueLimit},
 * {@code jflow.websocket.bodyReadTimeoutMs}); code can pass its own to
 * {@link WebSocketTransportProvider#WebSocketTransportProvider(WebSocketSettings)}.
 */
public final class WebSocketSettings {
  /** The prefix of the system properties read by {@link #fromProperties(Properties)}. */
  public static final String PREFIX = "jflow.websocket.";
  /** Default limit of response bytes waiting to be written to one socket: 32 MiB. */
  public static final long DEFAULT_MAX_QUEUED_BYTES = 32L << 20;
  /** Default size of the gateway's worker pool: twice the processors, at least 8. */
  public static final int DEFAULT_WORKER_THREADS = Math.max(8, 2 * Runtime.getRuntime().availableProcessors());
  /** Default limit of tasks waiting for a worker: 4096; beyond it Grizzly refuses the work and drops the connection. */
  public static final int DEFAULT_WORKER_QUEUE_LIMIT = 4096;
  /** Default time a request body may take to arrive in full: 30 seconds. */
  public static final Duration DEFAULT_BODY_READ_TIMEOUT = Duration.ofSeconds(30);

  private final String corsAllowOrigin;
  private final Duration idleTimeout;
  private final long maxQueuedBytes;
  private final int workerThreads;
  private final int workerQueueLimit;
  private final Duration bodyReadTimeout;

  private WebSocketSettings(Builder b) {
    this.corsAllowOrigin = b.corsAllowOrigin;
    this.idleTimeout = b.idleTimeout;
    this.maxQueuedBytes = b.maxQueuedBytes;
    this.workerThreads = b.workerThreads;
    this.workerQueueLimit = b.workerQueueLimit;
    this.bodyReadTimeout = b.bodyReadTimeout;
  }

  /**
   * The defaults: CORS open to every origin ({@code *}, as Jina), no idle timeout, 32 MiB queued, {@link #DEFAULT_WORKER_THREADS} workers with 4096 tasks queued, 30 s for a request body.
   */
  public static WebSocketSettings defaults() {
    return builder().build();
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The settings the {@code jflow.websocket.*} entries of {@code properties} describe, defaults for the
   * rest: {@code cors} (an origin, {@code *}, or empty for no CORS headers), {@code idleTimeoutMs},
   * {@code maxQueuedBytes}, {@code workerThreads}, {@code workerQueueLimit},
   * {@code bodyReadTimeoutMs}.
   *
   * @throws FlowException INVALID_ARGUMENT naming every property that is not a valid number
   */
  public static WebSocketSettings fromProperties(Properties properties) {
    Builder b = builder();
    List<String> problems = new ArrayList<>();
    String cors = properties.getProperty(PREFIX + "cors");
    if (cors != null) {
      b.corsAllowOrigin(cors);
    }
    Long idle = number(properties, "idleTimeoutMs", problems);
    if (idle != null) {
      b.idleTimeout(Duration.ofMillis(idle));
    }
    Long queued = number(properties, "maxQueuedBytes", problems);
    if (queued != null) {
      b.maxQueuedBytes(queued);
    }
    Long workers = number(properties, "workerThreads", problems);
    if (workers != null) {
      b.workerThreads((int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, workers)));
    }
    Long queue = number(properties, "workerQueueLimit", problems);
    if (queue != null) {
      b.workerQueueLimit((int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, queue)));
    }
    Long bodyMs = number(properties, "bodyReadTimeoutMs", problems);
    if (bodyMs != null) {
      b.bodyReadTimeout(Duration.ofMillis(bodyMs));
    }
    if (!problems.isEmpty()) {
      throw new FlowException(Status.Code.INVALID_ARGUMENT, "invalid websocket settings: " + String.join("; ", problems));
    }
    return b.build();
  }

  private static Long number(Properties properties, String name, List<String> problems) {
    String v = properties.getProperty(PREFIX + name);
    if (v == null || v.isBlank()) {
      return null;
    }
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      problems.add(PREFIX + name + " must be a whole number, got '" + v + "'");
      return null;
    }
  }

  /** The {@code Access-Control-Allow-Origin} answered to browsers; {@code *} by default, empty for none. */
  public String corsAllowOrigin() {
    return corsAllowOrigin;
  }

  /** How long a socket may stay silent before the gateway closes it; {@link Duration#ZERO} (the default) for never. */
  public Duration idleTimeout() {
    return idleTimeout;
  }

  /** Response bytes that may wait to be written to one socket before the client is disconnected (1008); 32 MiB. */
  public long maxQueuedBytes() {
    return maxQueuedBytes;
  }

  /**
   * The fixed number of worker threads serving HTTP calls, WebSocket frames and handshakes; default
   * {@link #DEFAULT_WORKER_THREADS}. No worker ever waits for a client's bytes, so the pool does not grow
   * with connections.
   */
  public int workerThreads() {
    return workerThreads;
  }

  /** Tasks that may wait for a free worker before Grizzly refuses more work; 4096. */
  public int workerQueueLimit() {
    return workerQueueLimit;
  }

  /** How long a request body may take to arrive in full before the call is answered 408; 30 seconds. */
  public Duration bodyReadTimeout() {
    return bodyReadTimeout;
  }

  @Override
  public String toString() {
    return "WebSocketSettings{cors='" + corsAllowOrigin + "', idleTimeout=" + idleTimeout + ", maxQueuedBytes="
        + maxQueuedBytes + ", workerThreads=" + workerThreads
        + ", workerQueueLimit=" + workerQueueLimit + ", bodyReadTimeout=" + bodyReadTimeout + "}";
  }

  /** Builds {@link WebSocketSettings}; {@link #build()} reports every invalid value at once. */
  public static final class Builder {
    private String corsAllowOrigin = "*";
    private Duration idleTimeout = Duration.ZERO;
    private long maxQueuedBytes = DEFAULT_MAX_QUEUED_BYTES;
    private int workerThreads = DEFAULT_WORKER_THREADS;
    private int workerQueueLimit = DEFAULT_WORKER_QUEUE_LIMIT;
    private Duration bodyReadTimeout = DEFAULT_BODY_READ_TIMEOUT;

    private Builder() {}

    /** The allowed origin for CORS; default {@code *}; null or empty sends no CORS headers. */
    public Builder corsAllowOrigin(String origin) {
      this.corsAllowOrigin = origin == null ? "" : origin.trim();
      return this;
    }

    /** The idle timeout of sockets; default {@link Duration#ZERO}, none. */
    public Builder idleTimeout(Duration idleTimeout) {
      this.idleTimeout = idleTimeout;
      return this;
    }

    /** The limit of queued response bytes per socket; default 32 MiB. One response is always let through. */
    public Builder maxQueuedBytes(long bytes) {
      this.maxQueuedBytes = bytes;
      return this;
    }

    /** The fixed size of the worker pool; default {@link #DEFAULT_WORKER_THREADS}, twice the processors and at least 8. */
    public Builder workerThreads(int threads) {
      this.workerThreads = threads;
      return this;
    }

    /** The limit of tasks waiting for a worker; default 4096. Work beyond it is refused and its connection dropped. */
    public Builder workerQueueLimit(int tasks) {
      this.workerQueueLimit = tasks;
      return this;
    }

    /** The time a request body may take to arrive in full, else 408; default 30 seconds. */
    public Builder bodyReadTimeout(Duration timeout) {
      this.bodyReadTimeout = timeout;
      return this;
    }

    /**
     * Builds the settings.
     *
     * @throws FlowException INVALID_ARGUMENT naming every invalid value
     */
    public WebSocketSettings build() {
      List<String> problems = new ArrayList<>();
      if (idleTimeout == null || idleTimeout.isNegative()) {
        problems.add("idleTimeout must be zero (none) or positive, got " + idleTimeout);
      }
      if (maxQueuedBytes < 1) {
        problems.add("maxQueuedBytes must be positive, got " + maxQueuedBytes);
      }
      if (workerThreads < 1) {
        problems.add("workerThreads must be positive, got " + workerThreads);
      }
      if (workerQueueLimit < 1) {
        problems.add("workerQueueLimit must be positive, got " + workerQueueLimit);
      }
      if (bodyReadTimeout == null || bodyReadTimeout.isNegative() || bodyReadTimeout.isZero()) {
        problems.add("bodyReadTimeout must be positive, got " + bodyReadTimeout);
      }
      if (!problems.isEmpty()) {
        throw new FlowException(Status.Code.INVALID_ARGUMENT, "invalid websocket settings: " + String.join("; ", problems));
      }
      return new WebSocketSettings(this);
    }
  }
}
