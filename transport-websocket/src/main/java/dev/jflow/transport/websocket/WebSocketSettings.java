package dev.jflow.transport.websocket;

import dev.jflow.api.GatewayConfig;
import java.time.Duration;

/**
 * The websocket gateway's {@link WebSocketOptions} read once from a {@link GatewayConfig}, typed, for
 * the classes that serve: CORS, idle timeout, the per-socket queue limit, the fixed worker pool and
 * the time a request body may take to arrive. Immutable.
 */
final class WebSocketSettings {
  private final CorsPolicy cors;
  private final Duration idleTimeout;
  private final long maxQueuedBytes;
  private final int workerThreads;
  private final int workerQueueLimit;
  private final Duration bodyReadTimeout;

  private WebSocketSettings(GatewayConfig config) {
    this.cors = CorsPolicy.parse(config.option(WebSocketOptions.CORS));
    this.idleTimeout = config.option(WebSocketOptions.IDLE_TIMEOUT);
    this.maxQueuedBytes = config.option(WebSocketOptions.MAX_QUEUED_BYTES);
    this.workerThreads = config.option(WebSocketOptions.WORKER_THREADS);
    this.workerQueueLimit = config.option(WebSocketOptions.WORKER_QUEUE_LIMIT);
    this.bodyReadTimeout = config.option(WebSocketOptions.BODY_READ_TIMEOUT);
  }

  /**
   * The settings {@code config}'s {@code websocket.*} options describe, defaults for the rest.
   *
   * @throws dev.jflow.api.FlowException INVALID_ARGUMENT naming an option whose value is not in its form
   */
  static WebSocketSettings of(GatewayConfig config) {
    return new WebSocketSettings(config);
  }

  /** The settings of a gateway without options. */
  static WebSocketSettings defaults() {
    return of(GatewayConfig.defaults());
  }

  /** Which browser pages may use the gateway; none by default. */
  CorsPolicy cors() {
    return cors;
  }

  /** How long a socket may stay silent before the gateway closes it; {@link Duration#ZERO} for never. */
  Duration idleTimeout() {
    return idleTimeout;
  }

  /** Response bytes that may wait to be written to one socket before the client is disconnected (1008). */
  long maxQueuedBytes() {
    return maxQueuedBytes;
  }

  /**
   * The fixed number of worker threads serving HTTP calls, WebSocket frames and handshakes. No worker
   * ever waits for a client's bytes, so the pool does not grow with connections.
   */
  int workerThreads() {
    return workerThreads;
  }

  /** Tasks that may wait for a free worker before Grizzly refuses more work. */
  int workerQueueLimit() {
    return workerQueueLimit;
  }

  /** How long a request body may take to arrive in full before the call is answered 408. */
  Duration bodyReadTimeout() {
    return bodyReadTimeout;
  }

  @Override
  public String toString() {
    return "WebSocketSettings{cors='" + cors + "', idleTimeout=" + idleTimeout + ", maxQueuedBytes="
        + maxQueuedBytes + ", workerThreads=" + workerThreads
        + ", workerQueueLimit=" + workerQueueLimit + ", bodyReadTimeout=" + bodyReadTimeout + "}";
  }
}
