package dev.jflow.core.internal;

import dev.jflow.api.FlowException;
import dev.jflow.api.Request;
import dev.jflow.api.RequestType;
import dev.jflow.api.Response;
import dev.jflow.api.Status;
import dev.jflow.api.internal.Futures;
import dev.jflow.api.spi.GatewayMetrics;
import dev.jflow.api.spi.MetricsScrape;
import dev.jflow.api.spi.RequestHandler;
import dev.jflow.api.spi.Telemetry;
import dev.jflow.api.spi.TraceContext;
import dev.jflow.api.spi.TraceSpan;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/**
 * Serves requests by walking them through the pod DAG; what a gateway server calls. Every data request
 * gets a span (a child of the context its caller sent); a control request gets one only when its
 * caller sent a context, so that the readiness probes remote pods send every second start no traces.
 * It hands each gateway protocol one {@link GatewayMetrics} and closes them all in {@link #close()}.
 */
final class Router implements RequestHandler {
  private final String flowName;
  private final Topology topology;
  private final Map<String, PodRuntime> pods;
  private final BooleanSupplier running;
  private final ControlPlane control;
  private final Telemetry telemetry;
  private final String chart; // null for none
  private final Map<String, GatewayMetrics> gatewayMetrics = new HashMap<>(); // guarded by this
  private boolean closed; // guarded by this

  Router(String flowName, Topology topology, Map<String, PodRuntime> pods, BooleanSupplier running, ControlPlane control,
      Telemetry telemetry) {
    this(flowName, topology, pods, running, control, telemetry, null);
  }

  /** @param chart the Flow's Mermaid source, what {@link #flowChart()} answers; null for none */
  Router(String flowName, Topology topology, Map<String, PodRuntime> pods, BooleanSupplier running, ControlPlane control,
      Telemetry telemetry, String chart) {
    this.chart = chart;
    this.flowName = flowName;
    this.topology = topology;
    this.pods = pods;
    this.running = running;
    this.control = control;
    this.telemetry = telemetry;
  }

  @Override
  public CompletableFuture<Response> handle(Request request, java.time.Duration timeout) {
    return handle(request, timeout, TraceContext.none());
  }

  @Override
  public CompletableFuture<Response> handle(Request request, java.time.Duration timeout, TraceContext parent) {
    if (!running.getAsBoolean()) {
      return CompletableFuture.failedFuture(new FlowException(Status.Code.UNAVAILABLE, "Flow '" + flowName + "' is not running"));
    }
    TraceContext context = parent == null ? TraceContext.none() : parent;
    boolean traced = telemetry.tracing().isEnabled() && (request.type() != RequestType.CONTROL || context.isPresent());
    TraceSpan span = traced ? telemetry.tracing().request(flowName, request, context) : TraceSpan.none();
    if (request.type() == RequestType.CONTROL) {
      CompletableFuture<Response> answer = control.handle(request); // commands go to the control plane, never to executors
      if (traced) {
        answer.whenComplete((r, e) -> span.end(r != null ? r.status() : Futures.toFlowException(e).status()));
      }
      return answer;
    }
    return new RequestRun(topology, pods, request, span).start(timeout);
  }

  /** The Flow's pods as Mermaid source, computed once when the Flow starts; empty for a router made without. */
  @Override
  public Optional<String> flowChart() {
    return Optional.ofNullable(chart);
  }

  /** The meters of the gateway serving {@code protocol} ({@code "auto"} for null); the no-op once closed. */
  @Override
  public synchronized GatewayMetrics gatewayMetrics(String protocol) {
    if (closed) {
      return GatewayMetrics.none();
    }
    return gatewayMetrics.computeIfAbsent(protocol == null ? "auto" : protocol, p -> telemetry.gateway(flowName, p));
  }

  /** Closes the gateways' meters, which removes them once no other Flow uses them; call it after the gateways drained. */
  void close() {
    List<GatewayMetrics> all;
    synchronized (this) {
      closed = true;
      all = new ArrayList<>(gatewayMetrics.values());
      gatewayMetrics.clear();
    }
    all.forEach(GatewayMetrics::close);
  }

  @Override
  public Optional<MetricsScrape> metricsScrape() {
    return telemetry.scrape();
  }

  @Override
  public boolean isReady() {
    return control.ready();
  }
}
