package dev.jflow.transport.websocket;

import dev.jflow.api.GatewayOption;
import java.time.Duration;
import java.util.List;

/**
 * The websocket gateway's own options, set on {@link dev.jflow.api.GatewayConfig} by name (code:
 * {@code option("websocket.cors", "https://app.example")}; Flow YAML:
 * {@code gateway: {websocket: {cors: ...}}}; command line: {@code --gateway-option websocket.cors=...}).
 */
public final class WebSocketOptions {
  /**
   * {@code websocket.cors}: the origins of the web pages that may use the gateway from a browser, comma
   * separated ({@code https://app.example,http://localhost:3000}), or {@code *} for every one; default
   * empty: none, no CORS headers are sent and a browser's WebSocket (it carries {@code Origin}) is refused.
   */
  public static final GatewayOption<String> CORS = GatewayOption.text("websocket.cors", "", CorsPolicy.FORM, CorsPolicy::isValid,
      "origins whose pages may call the gateway from a browser (CORS and WebSocket Origin); empty (default) for none, * for all");
  /** {@code websocket.idle_timeout}: how long a WebSocket may stay silent before it is closed; default 0, never. */
  public static final GatewayOption<Duration> IDLE_TIMEOUT = GatewayOption.duration("websocket.idle_timeout", Duration.ZERO,
      Duration.ZERO, "a WebSocket silent this long is closed (1000); 0 for never; HTTP keep-alive connections are not timed out");
  /** {@code websocket.max_queued_bytes}: response bytes that may wait to be written to one socket; default 32 MiB. */
  public static final GatewayOption<Long> MAX_QUEUED_BYTES = GatewayOption.bytes("websocket.max_queued_bytes", 32L << 20, 1,
      "response bytes waiting to be written to one socket before the client is disconnected (1008); one response always passes");
  /** {@code websocket.worker_threads}: the fixed worker pool's size; default twice the processors, at least 8. */
  public static final GatewayOption<Integer> WORKER_THREADS = GatewayOption.integer("websocket.worker_threads",
      Math.max(8, 2 * Runtime.getRuntime().availableProcessors()), 1,
      "the fixed worker pool serving HTTP calls, handshakes and frames; default max(8, 2 x processors)");
  /** {@code websocket.worker_queue_limit}: tasks that may wait for a worker; default 4096. */
  public static final GatewayOption<Integer> WORKER_QUEUE_LIMIT = GatewayOption.integer("websocket.worker_queue_limit", 4096, 1,
      "tasks waiting for a worker; beyond it Grizzly refuses the work and drops the connection");
  /** {@code websocket.body_read_timeout}: the time a request body may take to arrive in full, else 408; default 30 s. */
  public static final GatewayOption<Duration> BODY_READ_TIMEOUT = GatewayOption.duration("websocket.body_read_timeout",
      Duration.ofSeconds(30), Duration.ofMillis(1), "time a request body may take to arrive in full, else 408");

  /** Every option, as {@link WebSocketTransportProvider#options()} declares them. */
  public static final List<GatewayOption<?>> ALL = List.of(CORS, IDLE_TIMEOUT, MAX_QUEUED_BYTES, WORKER_THREADS, WORKER_QUEUE_LIMIT,
      BODY_READ_TIMEOUT);

  private WebSocketOptions() {}
}
