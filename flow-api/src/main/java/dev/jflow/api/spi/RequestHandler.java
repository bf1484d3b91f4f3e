package dev.jflow.api.spi;

import dev.jflow.api.Request;
import dev.jflow.api.Response;
import java.util.concurrent.CompletableFuture;

/** What a gateway server serves: the Flow's router, seen from a transport. */
public interface RequestHandler {

  /**
   * Runs one request through the Flow. The future completes with the response (an executor failure
   * is a response with an ERROR status, not a failed future); it fails only when the Flow cannot take
   * the request, with a {@link dev.jflow.api.FlowException}. Cancelling it abandons the request.
   */
  default CompletableFuture<Response> handle(Request request) {
    return handle(request, null);
  }

  /**
   * Like {@link #handle(Request)}, but a request not done within {@code timeout} (null for none) fails
   * with DEADLINE_EXCEEDED naming the pods it is still in.
   */
  CompletableFuture<Response> handle(Request request, java.time.Duration timeout);

  /**
   * Like {@link #handle(Request, java.time.Duration)}, with the trace context the caller sent with its
   * call: the request's spans become part of that trace. The default ignores it.
   */
  default CompletableFuture<Response> handle(Request request, java.time.Duration timeout, TraceContext parent) {
    return handle(request, timeout);
  }

  /**
   * The meters a gateway serving {@code protocol} reports to (the admission and the transport);
   * default {@link GatewayMetrics#none()}.
   */
  default GatewayMetrics gatewayMetrics(String protocol) {
    return GatewayMetrics.none();
  }

  /** What {@code GET /metrics} serves, when the Flow keeps its meters where a scrape can be made; default empty. */
  default java.util.Optional<MetricsScrape> metricsScrape() {
    return java.util.Optional.empty();
  }

  /**
   * The Flow's pods as Mermaid flowchart source (what {@code jflow export mermaid} prints); default empty.
   * Transports show it only to callers with the ADMIN role, since it reveals the topology as STATUS details do.
   */
  default java.util.Optional<String> flowChart() {
    return java.util.Optional.empty();
  }

  /** Whether every pod is ready (for health checks). */
  boolean isReady();
}
