package dev.jflow.core.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.AsyncFlow;
import dev.jflow.api.ClientConfig;
import dev.jflow.api.Document;
import dev.jflow.api.Flow;
import dev.jflow.api.GatewayConfig;
import dev.jflow.api.PodSpec;
import dev.jflow.api.Polling;
import dev.jflow.api.Request;
import dev.jflow.api.RequestType;
import dev.jflow.api.Response;
import dev.jflow.api.Status;
import dev.jflow.api.spi.ClientTransport;
import dev.jflow.api.spi.GatewayServer;
import dev.jflow.api.spi.RequestHandler;
import dev.jflow.api.spi.TraceContext;
import dev.jflow.api.spi.TransportProvider;
import dev.jflow.core.Flows;
import dev.jflow.core.TransportRegistry;
import dev.jflow.core.testing.RecordingTelemetry;
import dev.jflow.core.testing.RecordingTelemetry.Span;
import dev.jflow.core.testing.TestExecutors;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TracingTest {
  private static final TraceContext CALLER = TraceContext.of("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "k=v");

  private final RecordingTelemetry telemetry = RecordingTelemetry.create();
  private final Capturing transport = new Capturing();

  /** The in-process transport under another name, keeping the request handler the Flow gives its gateway. */
  static final class Capturing implements TransportProvider {
    private final InProcessTransportProvider inner = new InProcessTransportProvider();
    volatile RequestHandler handler;

    @Override
    public String name() {
      return "capturing";
    }

    @Override
    public GatewayServer newGatewayServer(GatewayConfig config, RequestHandler handler) {
      this.handler = handler;
      return inner.newGatewayServer(config, handler);
    }

    @Override
    public ClientTransport newClientTransport(ClientConfig config) {
      return inner.newClientTransport(config);
    }
  }

  private AsyncFlow flow;

  /** Starts the Flow {@code builder} describes, served by the capturing transport; closed after the test. */
  private void start(dev.jflow.api.FlowBuilder<Flow> builder) {
    flow = Flows.create(builder.name("traced").protocol("capturing").telemetry(telemetry).spec(),
        TransportRegistry.builder().discover(false).register(transport).build());
    flow.start().join();
  }

  @AfterEach
  void close() {
    if (flow != null) {
      flow.close();
    }
  }

  private Response handle(Request request, TraceContext parent) throws Exception {
    return transport.handler.handle(request, Duration.ofSeconds(10), parent).get(10, TimeUnit.SECONDS);
  }

  private Span requestSpan(Request request) {
    List<Span> mine = telemetry.spans().stream()
        .filter(s -> s.parent() == null && request.id().equals(s.attributes().get("jflow.request_id"))).collect(Collectors.toList());
    assertEquals(1, mine.size(), "one span per request: " + telemetry.spans());
    return mine.get(0);
  }

  private List<Span> hops(Span request) {
    await().atMost(10, TimeUnit.SECONDS).until(() -> request.isEnded()
        && telemetry.spans().stream().filter(s -> s.parent() == request).allMatch(Span::isEnded));
    return telemetry.spans().stream().filter(s -> s.parent() == request).collect(Collectors.toList());
  }

  @Test
  void aRequestSpanJoinsTheCallersTraceAndEveryExecutorThatRunsIsAChildHop() throws Exception {
    start(Flow.builder()
        .add(PodSpec.builder("split").shards(2).polling(Polling.ALL).uses(TestExecutors.PathTagger::new).build())
        .add("b", TestExecutors.PathTagger::new));
    Request request = Request.of(RequestType.INDEX, List.of(Document.ofText("x")));
    assertEquals(Status.Code.SUCCESS, handle(request, CALLER).status().code());

    Span root = requestSpan(request);
    assertEquals(CALLER, root.parentContext(), "the caller's context is the parent");
    assertEquals(CALLER.traceId(), root.context().traceId());
    assertEquals("jflow.request index", root.name());
    assertEquals("traced", root.attributes().get("jflow.flow"));

    List<Span> hops = hops(root);
    assertEquals(Map.of("jflow.pod split", 2L, "jflow.pod b", 1L),
        hops.stream().collect(Collectors.groupingBy(Span::name, Collectors.counting())), "a hop per shard and pod");
    assertEquals(Set.of("shard-0", "shard-1"), hops.stream().filter(s -> s.name().equals("jflow.pod split"))
        .map(s -> s.attributes().get("jflow.replica")).collect(Collectors.toSet()), "each hop names the replica that served it");
    for (Span hop : hops) {
      assertEquals(root.context().traceId(), hop.context().traceId());
      assertEquals(root.context(), hop.parentContext());
      assertEquals(hop.name().substring("jflow.pod ".length()), hop.attributes().get("jflow.pod"));
      assertEquals(List.of("dequeued"), hop.events());
      assertEquals(Status.Code.SUCCESS, hop.status().code());
      assertEquals(1, hop.ends(), "ended once");
    }
    assertEquals(Status.Code.SUCCESS, root.status().code());
  }

  @Test
  void aFailedExecutorEndsItsHopAndTheRequestWithAnErrorAndARequestWithoutParentStartsATrace() throws Exception {
    start(Flow.builder().add("guard", TestExecutors.FailOnTag::new));
    Request request = Request.of(RequestType.INDEX, List.of(Document.ofText("x").tag("fail", true)));
    assertEquals(Status.Code.ERROR, handle(request, TraceContext.none()).status().code());

    Span root = requestSpan(request);
    assertTrue(!root.parentContext().isPresent() && root.context().isPresent(), "a new trace: " + root);
    Span hop = hops(root).get(0);
    assertEquals(Status.Code.ERROR, hop.status().code());
    assertTrue(hop.status().description().contains("asked to fail"), hop.status().description());
    assertEquals(Status.Code.ERROR, root.status().code());
  }

  @Test
  void aHopWhoseCallerGaveUpBeforeAReplicaRanItEndsCancelled() throws Exception {
    java.util.concurrent.CountDownLatch entered = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    start(Flow.builder().add(PodSpec.builder("slow").uses(() -> r -> {
      if (r.docs().get(0).tags().containsKey("hold")) {
        entered.countDown();
        release.await(20, TimeUnit.SECONDS);
      }
    }).build()));
    Request holding = Request.of(RequestType.INDEX, List.of(Document.ofText("h").tag("hold", true)));
    java.util.concurrent.CompletableFuture<Response> first = transport.handler.handle(holding, Duration.ofSeconds(10), CALLER);
    assertTrue(entered.await(10, TimeUnit.SECONDS));
    Request late = Request.of(RequestType.INDEX, List.of(Document.ofText("late")));
    try {
      assertEquals(Status.Code.DEADLINE_EXCEEDED, dev.jflow.api.testing.Await.failure(
          transport.handler.handle(late, Duration.ofMillis(200), CALLER), Duration.ofSeconds(10)).code(),
          "its caller gave up while it waited for the replica");
    } finally {
      release.countDown();
    }
    assertEquals(Status.Code.SUCCESS, first.get(10, TimeUnit.SECONDS).status().code());

    Span hop = hops(requestSpan(late)).get(0);
    assertEquals(Status.Code.CANCELLED, hop.status().code(), "the work never ran: " + hop.status());
    assertTrue(hop.events().isEmpty(), "never dequeued to run");
    assertEquals(Status.Code.SUCCESS, hops(requestSpan(holding)).get(0).status().code());
  }

  @Test
  void aControlRequestIsTracedOnlyWhenItsCallerSentAContext() throws Exception {
    start(Flow.builder().add("p", TestExecutors.PathTagger::new));
    Request probe = Request.builder(RequestType.CONTROL).parameters(Map.of("command", "STATUS")).build();
    handle(probe, TraceContext.none());
    assertEquals(List.of(), telemetry.spans(), "a probe starts no trace");

    Request traced = Request.builder(RequestType.CONTROL).parameters(Map.of("command", "STATUS")).build();
    handle(traced, CALLER);
    Span span = requestSpan(traced);
    assertEquals(CALLER, span.parentContext());
    await().atMost(10, TimeUnit.SECONDS).until(span::isEnded);
    assertEquals(List.of(), hops(span), "control requests reach no executor");
  }

  @Test
  void withTracingOffNoSpanIsMadeAndTheMetersStillCount() throws Exception {
    RecordingTelemetry meters = RecordingTelemetry.withoutTracing();
    try (Flow f = Flow.builder().telemetry(meters).add("p", TestExecutors.PathTagger::new).build().start()) {
      f.index(List.of(Document.ofText("x")));
      assertEquals(List.of(), meters.spans());
      assertEquals(1, meters.finished("p").size(), "the meters still count");
    }
  }

  @Test
  void theRouterHandsOutItsTelemetrysGatewayMetersOncePerProtocolAndItsScrape() {
    RecordingTelemetry scraped = RecordingTelemetry.withScrape("jflow_pod_requests_total 1\n");
    Router router = new Router("r", null, Map.of(), () -> true, null, scraped);
    assertSame(router.gatewayMetrics("grpc"), router.gatewayMetrics("grpc"));
    assertEquals(List.of("grpc", "websocket"), List.of(router.gatewayMetrics("grpc"), router.gatewayMetrics("websocket")).stream()
        .map(m -> ((RecordingTelemetry.Gateway) m).protocol()).collect(Collectors.toList()));
    assertEquals(2, scraped.gateways().size());
    assertEquals("auto", ((RecordingTelemetry.Gateway) router.gatewayMetrics(null)).protocol(), "a gateway of no protocol asks with null");
    router.close();
    assertTrue(scraped.gateways().stream().allMatch(RecordingTelemetry.Gateway::isClosed), "closing the router closes them all");
    assertSame(dev.jflow.api.spi.GatewayMetrics.none(), router.gatewayMetrics("grpc"), "none are handed out after the close");
    assertEquals(3, scraped.gateways().size());
    assertEquals("jflow_pod_requests_total 1\n", router.metricsScrape().orElseThrow().scrape());
    assertNull(new Router("r", null, Map.of(), () -> true, null, dev.jflow.api.spi.Telemetry.none()).metricsScrape().orElse(null));
  }
}
