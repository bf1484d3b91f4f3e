package dev.jflow.core.internal.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.Document;
import dev.jflow.api.Request;
import dev.jflow.api.RequestType;
import dev.jflow.api.Status;
import dev.jflow.api.spi.TraceContext;
import dev.jflow.api.spi.TraceSpan;
import dev.jflow.api.spi.Tracing;
import dev.jflow.core.FlowTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Request spans as an OpenTelemetry SDK records them: parents across processes, children per pod, failures. */
class TracingTest {
  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String CALLER_SPAN = "00f067aa0ba902b7";

  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private final SdkTracerProvider provider = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
  private final Tracing tracing = FlowTelemetry.builder()
      .openTelemetry(OpenTelemetrySdk.builder().setTracerProvider(provider).build()).build().tracing();

  @AfterEach
  void close() {
    provider.close();
  }

  private static Request search() {
    return Request.builder(RequestType.SEARCH).id("req-1").docs(List.of(Document.ofText("q"))).build();
  }

  private SpanData finished(String name) {
    return exporter.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).findFirst().orElseThrow(
        () -> new AssertionError("no span " + name + " in " + exporter.getFinishedSpanItems()));
  }

  @Test
  void theRequestSpanContinuesTheCallersTraceAndPodsAreItsChildren() {
    TraceContext caller = TraceContext.of("00-" + TRACE + "-" + CALLER_SPAN + "-01", "vendor=abc");
    TraceSpan request = tracing.request("shop", search(), caller);
    TraceSpan pod = request.child("jflow.pod enc");
    pod.attribute("jflow.pod", "enc");
    pod.attribute("jflow.replica", "1");
    pod.event("dequeued");
    pod.end(Status.SUCCESS);
    request.end(Status.SUCCESS);

    assertTrue(tracing.isEnabled());
    SpanData r = finished("jflow.request search");
    assertEquals(TRACE, r.getTraceId());
    assertEquals(CALLER_SPAN, r.getParentSpanId());
    assertEquals(SpanKind.SERVER, r.getKind());
    assertEquals("shop", r.getAttributes().get(AttributeKey.stringKey("jflow.flow")));
    assertEquals("req-1", r.getAttributes().get(AttributeKey.stringKey("jflow.request_id")));
    assertEquals("search", r.getAttributes().get(AttributeKey.stringKey("jflow.request_type")));
    assertEquals("jflow", r.getAttributes().get(AttributeKey.stringKey("rpc.system")));
    assertEquals(StatusCode.UNSET, r.getStatus().getStatusCode(), "success leaves the status unset");
    SpanData p = finished("jflow.pod enc");
    assertEquals(TRACE, p.getTraceId());
    assertEquals(r.getSpanId(), p.getParentSpanId());
    assertEquals(SpanKind.INTERNAL, p.getKind());
    assertEquals("1", p.getAttributes().get(AttributeKey.stringKey("jflow.replica")));
    assertEquals("dequeued", p.getEvents().get(0).getName());
  }

  @Test
  void anErrorStatusMarksTheSpanFailedAndASecondEndIsIgnored() {
    TraceSpan request = tracing.request("shop", search(), TraceContext.none());
    request.end(Status.of(Status.Code.DEADLINE_EXCEEDED, "pod 'enc' took longer than 5000 ms"));
    request.end(Status.SUCCESS);
    assertEquals(1, exporter.getFinishedSpanItems().size(), "ended once");
    SpanData r = finished("jflow.request search");
    assertEquals(StatusCode.ERROR, r.getStatus().getStatusCode());
    assertEquals("DEADLINE_EXCEEDED: pod 'enc' took longer than 5000 ms", r.getStatus().getDescription());
  }

  @Test
  void withoutAParentARequestStartsANewTrace() {
    tracing.request("shop", search(), TraceContext.none()).end(Status.SUCCESS);
    tracing.request("shop", search(), TraceContext.of("not a traceparent", null)).end(Status.SUCCESS);
    List<SpanData> spans = exporter.getFinishedSpanItems();
    assertEquals(2, spans.size());
    for (SpanData s : spans) {
      assertFalse(s.getParentSpanContext().isValid(), s.toString());
    }
    assertNotEquals(spans.get(0).getTraceId(), spans.get(1).getTraceId());
  }

  @Test
  void aSpansContextIsWhatAnotherProcessContinuesFrom() {
    TraceSpan request = tracing.request("shop", search(), TraceContext.of("00-" + TRACE + "-" + CALLER_SPAN + "-01", "vendor=abc"));
    TraceSpan pod = request.child("jflow.pod remote");
    TraceContext sent = pod.context();
    assertTrue(sent.isPresent());
    assertEquals(TRACE, sent.traceId());
    assertEquals("vendor=abc", sent.tracestate(), "the caller's vendor state travels on");
    TraceSpan remote = tracing.request("pod-remote", search(), TraceContext.fromHeaders(sent.headers()));
    remote.end(Status.SUCCESS);
    pod.end(Status.SUCCESS);
    request.end(Status.SUCCESS);
    assertEquals(finished("jflow.pod remote").getSpanId(), exporter.getFinishedSpanItems().get(0).getParentSpanId());
    assertEquals("00-" + TRACE + "-" + finished("jflow.pod remote").getSpanId() + "-01", sent.traceparent());
  }

  @Test
  void noOpenTelemetryOrItsNoopMeansTracingIsOff() {
    assertSame(Tracing.none(), FlowTelemetry.builder().openTelemetry(OpenTelemetry.noop()).build().tracing());
    assertSame(Tracing.none(), FlowTelemetry.builder().scrape(() -> "").build().tracing());
    assertFalse(FlowTelemetry.builder().openTelemetry(OpenTelemetry.noop()).build().tracing().isEnabled());
  }

  @Test
  void aClientsLongRequestIdIsCutInTheSpan() {
    Request request = Request.builder(RequestType.SEARCH).id("r".repeat(5_000)).docs(List.of(Document.ofText("q"))).build();
    tracing.request("shop", request, TraceContext.none()).end(Status.SUCCESS);
    assertEquals("r".repeat(OtelTracing.MAX_REQUEST_ID),
        finished("jflow.request search").getAttributes().get(AttributeKey.stringKey("jflow.request_id")));
  }
}
