package dev.jflow.core.testing;

import dev.jflow.api.FlowException;
import dev.jflow.api.Request;
import dev.jflow.api.Response;
import dev.jflow.api.Status;
import dev.jflow.api.spi.GatewayMetrics;
import dev.jflow.api.spi.MetricsScrape;
import dev.jflow.api.spi.RequestHandler;
import dev.jflow.api.spi.TraceContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Flow for gateway tests that records what a gateway hands it: the trace context of every request,
 * the protocols whose meters it was asked for (it gives {@link #metrics}). It answers at once with
 * SUCCESS and the request's documents, except requests whose id starts with {@value #HOLD}, which it
 * holds until {@link #release()}, and those whose id starts with {@value #FAIL}, whose future fails at
 * once with RESOURCE_EXHAUSTED (a pod shedding it), which fails their whole call.
 */
public final class RecordingHandler implements RequestHandler {
  /** The id prefix of requests held until {@link #release()}. */
  public static final String HOLD = "hold";
  /** The id prefix of requests whose future fails with RESOURCE_EXHAUSTED. */
  public static final String FAIL = "fail";

  /** What the gateways report. */
  public final RecordingGatewayMetrics metrics = new RecordingGatewayMetrics();
  /** The protocols gateways asked meters for, in order. */
  public final List<String> protocols = new CopyOnWriteArrayList<>();
  /** The trace context each request arrived with, by request id. */
  public final Map<String, TraceContext> parents = new ConcurrentHashMap<>();
  private final Map<Request, CompletableFuture<Response>> held = new ConcurrentHashMap<>();
  private volatile MetricsScrape scrape;

  @Override
  public CompletableFuture<Response> handle(Request request, Duration timeout) {
    return handle(request, timeout, TraceContext.none());
  }

  @Override
  public CompletableFuture<Response> handle(Request request, Duration timeout, TraceContext parent) {
    parents.put(request.id(), parent);
    Response answer = Response.of(request, Status.SUCCESS, List.of());
    if (request.id().startsWith(FAIL)) {
      return CompletableFuture.failedFuture(new FlowException(Status.Code.RESOURCE_EXHAUSTED, "pod 'recording' is full: "
          + "request '" + request.id() + "' was shed"));
    }
    if (!request.id().startsWith(HOLD)) {
      return CompletableFuture.completedFuture(answer);
    }
    CompletableFuture<Response> f = new CompletableFuture<>();
    held.put(request, f);
    f.whenComplete((r, e) -> held.remove(request));
    return f;
  }

  /** Answers every held request. */
  public void release() {
    held.forEach((request, f) -> f.complete(Response.of(request, Status.SUCCESS, List.of())));
  }

  /** How many requests it holds. */
  public int holding() {
    return held.size();
  }

  /** Makes {@link #metricsScrape()} give {@code scrape} (null: none, the default). */
  public RecordingHandler scrape(MetricsScrape scrape) {
    this.scrape = scrape;
    return this;
  }

  @Override
  public GatewayMetrics gatewayMetrics(String protocol) {
    protocols.add(String.valueOf(protocol));
    return metrics;
  }

  @Override
  public Optional<MetricsScrape> metricsScrape() {
    return Optional.ofNullable(scrape);
  }

  @Override
  public boolean isReady() {
    return true;
  }
}
