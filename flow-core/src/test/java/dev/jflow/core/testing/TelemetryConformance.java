package dev.jflow.core.testing;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.Document;
import dev.jflow.api.FlowException;
import dev.jflow.api.GatewayConfig;
import dev.jflow.api.Request;
import dev.jflow.api.RequestType;
import dev.jflow.api.Status;
import dev.jflow.api.spi.ClientCall;
import dev.jflow.api.spi.TraceContext;
import dev.jflow.api.testing.CollectingObserver;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a gateway tells the Flow's telemetry, the part of the transport contract about observability:
 * its meters ({@code RequestHandler.gatewayMetrics}) hear of every call, request, answer and refusal
 * (every admitted request answered exactly once, however its call ends), and of the connections and response bytes where the transport has them; the W3C trace context a
 * client opens a call with reaches {@code RequestHandler.handle} as every request's parent. Run by every
 * transport through {@link TransportConformanceSuite}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public interface TelemetryConformance {
  /** A trace context as OpenTelemetry sends it. */
  TraceContext TRACE = TraceContext.of("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "vendor=abc");

  /** The transport under test, by registry name. */
  String meteredProtocol();

  /** Whether the transport has connections and writes bytes (so reports them); false for one that carries objects. */
  boolean meteredOverNetwork();

  private GatewayConfig.Builder gateway() {
    return GatewayConfig.builder().protocol(meteredProtocol()).host("127.0.0.1");
  }

  private static List<Request> requests(String prefix, int n, int textLength) {
    return IntStream.range(0, n).mapToObj(i -> Request.builder(RequestType.INDEX).id(prefix + i)
        .docs(List.of(Document.ofText("t".repeat(textLength)))).build()).toList();
  }

  @Test
  default void theGatewayReportsEveryCallRequestAndAnswerAndHandsOnTheCallersTraceContext() throws Exception {
    RecordingHandler flow = new RecordingHandler();
    RecordingGatewayMetrics m = flow.metrics;
    try (GatewayUnderTest g = GatewayUnderTest.start(meteredProtocol(), gateway().build(), flow)) {
      CollectingObserver traced = g.call(TRACE, requests("traced-", 5, 10));
      traced.done.get(20, TimeUnit.SECONDS);
      CollectingObserver plain = g.call(TraceContext.none(), requests("plain-", 1, 10));
      plain.done.get(20, TimeUnit.SECONDS);
      assertEquals(5, traced.responses.size());

      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(2, m.callsClosed.get(), m.toString()));
      assertEquals(2, m.callsOpened.get(), m.toString());
      assertEquals(6, m.received.get(), m.toString());
      assertTrue(m.receivedBytes.get() >= 6 * 10, "each request's bytes: " + m);
      assertEquals(6, m.admitted.get(), m.toString());
      assertEquals(6, m.answered(Status.Code.SUCCESS), m.toString());
      assertEquals(Map.of(), m.refusals(), "nothing was refused: " + m);
      if (meteredOverNetwork()) {
        assertEquals(6, m.sent.get(), "one response written per request: " + m);
        assertTrue(m.sentBytes.get() >= 6 * 10, "the bytes of each response: " + m);
        assertTrue(m.connectionsOpened.get() >= 1, "the client's connection: " + m);
      }
      assertEquals(List.of(meteredProtocol()), flow.protocols.stream().distinct().toList(),
          "the gateway asks the Flow for the meters of its own protocol");

      for (int i = 0; i < 5; i++) {
        TraceContext parent = flow.parents.get("traced-" + i);
        assertEquals(TRACE.traceparent(), parent.traceparent(), "request " + i + " is part of the caller's trace");
        assertEquals(TRACE.tracestate(), parent.tracestate());
      }
      assertFalse(flow.parents.get("plain-0").isPresent(), "a call without a trace context starts none: " + flow.parents.get("plain-0"));
    }
    if (meteredOverNetwork()) {
      await().atMost(Duration.ofSeconds(10)).untilAsserted(
          () -> assertEquals(m.connectionsOpened.get(), m.connectionsClosed.get(), "every connection closed: " + m));
    }
  }

  @Test
  default void aClientsCancelMidRequestAnswersEveryAdmittedRequestSoNoneStaysInFlight() throws Exception {
    RecordingHandler flow = new RecordingHandler();
    RecordingGatewayMetrics m = flow.metrics;
    try (GatewayUnderTest g = GatewayUnderTest.start(meteredProtocol(), gateway().build(), flow)) {
      CollectingObserver observer = new CollectingObserver();
      ClientCall call = g.open(observer, TraceContext.none());
      requests(RecordingHandler.HOLD, 2, 10).forEach(call::send);
      await().atMost(Duration.ofSeconds(10)).until(() -> flow.holding() == 2);
      assertEquals(2, m.inFlight(), m.toString());

      call.cancel("the client gives up");
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(1, m.callsClosed.get(), m.toString()));
      assertEquals(2, m.admitted.get(), m.toString());
      assertEquals(2, m.answered(Status.Code.CANCELLED), "each abandoned request once, as the call ended: " + m);
      assertEquals(m.admitted.get(), m.answeredTotal(), m.toString());
      assertEquals(0, m.inFlight(), m.toString());
      assertEquals(Map.of(), m.refusals(), "a client's cancel is no refusal: " + m);
      await().atMost(Duration.ofSeconds(10)).until(() -> flow.holding() == 0); // the Flow's work was abandoned
    }
  }

  @Test
  default void aRequestThatFailsMidCallTakesItsRunningSiblingsDownAndNoneStaysInFlight() throws Exception {
    RecordingHandler flow = new RecordingHandler();
    RecordingGatewayMetrics m = flow.metrics;
    try (GatewayUnderTest g = GatewayUnderTest.start(meteredProtocol(), gateway().build(), flow)) {
      CollectingObserver observer = new CollectingObserver();
      ClientCall call = g.open(observer, TraceContext.none());
      requests(RecordingHandler.HOLD, 1, 10).forEach(call::send);
      await().atMost(Duration.ofSeconds(10)).until(() -> flow.holding() == 1);
      requests(RecordingHandler.FAIL, 1, 10).forEach(call::send);
      FlowException failed = observer.failure();
      assertEquals(Status.Code.RESOURCE_EXHAUSTED, failed.code(), failed.toString());

      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(1, m.callsClosed.get(), m.toString()));
      assertEquals(2, m.admitted.get(), m.toString());
      assertEquals(2, m.answered(Status.Code.RESOURCE_EXHAUSTED), "the failed request and the one it took down: " + m);
      assertEquals(m.admitted.get(), m.answeredTotal(), m.toString());
      assertEquals(0, m.inFlight(), m.toString());
      await().atMost(Duration.ofSeconds(10)).until(() -> flow.holding() == 0);
    }
  }

  @Test
  default void aRequestOverTheGatewaysByteBudgetIsReportedRefusedWithResourceExhausted() throws Exception {
    RecordingHandler flow = new RecordingHandler();
    RecordingGatewayMetrics m = flow.metrics;
    try (GatewayUnderTest g = GatewayUnderTest.start(meteredProtocol(), gateway().maxGatewayBytes(4096).build(), flow)) {
      CollectingObserver first = g.call(TraceContext.none(), requests(RecordingHandler.HOLD, 1, 3000));
      await().atMost(Duration.ofSeconds(10)).until(() -> flow.holding() == 1);
      CollectingObserver second = g.call(TraceContext.none(), requests("shed-", 1, 3000));
      FlowException shed = second.failure();
      assertEquals(Status.Code.RESOURCE_EXHAUSTED, shed.code(), shed.toString());
      flow.release();
      first.done.get(20, TimeUnit.SECONDS);

      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(2, m.callsClosed.get(), m.toString()));
      assertEquals(2, m.callsOpened.get(), m.toString());
      assertEquals(2, m.received.get(), m.toString());
      assertEquals(1, m.admitted.get(), "the shed request never ran: " + m);
      assertEquals(1, m.answered(Status.Code.SUCCESS), m.toString());
      assertEquals(1, m.refusedWith(Status.Code.RESOURCE_EXHAUSTED), m.toString());
      assertEquals(1, m.refusals().size(), "only the budget refused: " + m);
    }
  }
}
