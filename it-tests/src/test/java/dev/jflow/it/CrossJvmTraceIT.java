package dev.jflow.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.Client;
import dev.jflow.api.Flow;
import dev.jflow.api.GatewayAddress;
import dev.jflow.api.Inputs;
import dev.jflow.api.Response;
import dev.jflow.core.FlowTelemetry;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One trace across two JVMs: a Flow in the test JVM (gRPC gateway, spans kept in memory) whose pod is
 * a remote pod served by the {@code jflow pod} command in another JVM, which exports its spans over
 * OTLP/HTTP, configured only by the standard {@code OTEL_*} variables, to a receiver in this test.
 * The remote gateway's span continues the trace of the request, as a child of the local pod hop.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CrossJvmTraceIT {
  private static final String REMOTE_SERVICE = "jflow-remote-pod";

  @Test
  void aRemotePodsGatewaySpanIsAChildOfTheLocalPodHop() throws Exception {
    InMemorySpanExporter local = InMemorySpanExporter.create();
    try (OtlpReceiver receiver = OtlpReceiver.start();
         SdkTracerProvider tracerProvider = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(local)).build();
         JflowProcess remote = JflowProcess.serve(Map.of(
             "OTEL_SERVICE_NAME", REMOTE_SERVICE,
             "OTEL_TRACES_EXPORTER", "otlp",
             "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf",
             "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", receiver.endpoint(),
             "OTEL_BSP_SCHEDULE_DELAY", "100",
             "OTEL_METRICS_EXPORTER", "none",
             "OTEL_LOGS_EXPORTER", "none"),
             "pod", "--uses", "HashingTextEncoder", "--name", "encoder", "--host", "127.0.0.1", "--protocol", "grpc")) {
      OpenTelemetrySdk openTelemetry = OpenTelemetrySdk.builder().setTracerProvider(tracerProvider)
          .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance())).build();
      try (Flow flow = Flow.builder().name("traced").protocol("grpc").host("127.0.0.1")
          .add("remote", remote.address())
          .telemetry(FlowTelemetry.builder().openTelemetry(openTelemetry).build())
          .build().start()) {
        GatewayAddress gateway = flow.async().gatewayAddress();
        try (Client client = Client.connect(gateway.protocol(), "127.0.0.1", gateway.port())) {
          List<Response> answered = client.index(Inputs.of(Corpus.docs(0, 1))).get(20, TimeUnit.SECONDS);
          assertEquals(1, answered.size());
          assertFalse(answered.get(0).isError(), () -> "the request failed: " + answered.get(0).status());
        }

        SpanData request = awaitSpan("the local gateway's SERVER span 'jflow.request index'", local::getFinishedSpanItems,
            s -> s.getName().equals("jflow.request index") && s.getKind() == SpanKind.SERVER);
        String traceId = request.getTraceId();
        SpanData hop = awaitSpan("the local pod hop 'jflow.pod remote' in trace " + traceId, local::getFinishedSpanItems,
            s -> s.getName().equals("jflow.pod remote") && s.getTraceId().equals(traceId));
        assertTrue(descendsFrom(hop, request.getSpanId(), local.getFinishedSpanItems()),
            () -> "the pod hop is not under the gateway span " + request.getSpanId() + ": " + describe(local.getFinishedSpanItems()));

        OtlpReceiver.ReceivedSpan remoteRequest = awaitSpan("the remote pod's gateway span 'jflow.request index' in trace " + traceId
                + " (exported from the other JVM over OTLP/HTTP)", receiver::spans,
            s -> s.service().equals(REMOTE_SERVICE) && s.traceId().equals(traceId) && s.name().equals("jflow.request index")
                && s.kind() == Span.SpanKind.SPAN_KIND_SERVER,
            () -> "received " + receiver.spans() + (receiver.problems().isEmpty() ? "" : ", refused " + receiver.problems())
                + "\nthe remote pod's output:\n" + remote.output());
        SpanData parent = local.getFinishedSpanItems().stream().filter(s -> s.getSpanId().equals(remoteRequest.parentSpanId()))
            .findFirst().orElseThrow(() -> new AssertionError("the remote gateway span's parent " + remoteRequest.parentSpanId()
                + " is no span of the test JVM: " + describe(local.getFinishedSpanItems())));
        assertTrue(parent.getSpanId().equals(hop.getSpanId()) || descendsFrom(parent, hop.getSpanId(), local.getFinishedSpanItems()),
            () -> "the remote gateway span's parent is " + parent.getName() + ", not the pod hop 'jflow.pod remote' (" + hop.getSpanId()
                + ") or a span under it: " + describe(local.getFinishedSpanItems()));
      }
    }
  }

  /** Whether {@code ancestorId} is {@code span}'s parent, or its parent's parent, ... among {@code spans}. */
  private static boolean descendsFrom(SpanData span, String ancestorId, List<SpanData> spans) {
    Map<String, SpanData> byId = spans.stream().collect(Collectors.toMap(SpanData::getSpanId, s -> s, (a, b) -> a));
    for (SpanData s = span; s != null; s = byId.get(s.getParentSpanId())) {
      if (s.getParentSpanId().equals(ancestorId)) {
        return true;
      }
    }
    return false;
  }

  private static String describe(List<SpanData> spans) {
    return spans.stream().map(s -> s.getName() + "(" + s.getKind() + ", trace " + s.getTraceId() + ", span " + s.getSpanId()
        + ", parent " + s.getParentSpanId() + ")").collect(Collectors.joining(", ", "[", "]"));
  }

  private static SpanData awaitSpan(String what, Supplier<List<SpanData>> spans, java.util.function.Predicate<SpanData> which) {
    return awaitSpan(what, spans, which, () -> "the test JVM's spans: " + describe(spans.get()));
  }

  /** Waits up to 15 s for a span {@code which} matches. */
  private static <S> S awaitSpan(String what, Supplier<List<S>> spans, java.util.function.Predicate<S> which, Supplier<String> seen) {
    try {
      return Awaitility.await(what).atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
          .until(() -> spans.get().stream().filter(which).findFirst(), Optional::isPresent).orElseThrow();
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("waited 15 s for " + what + " in vain; " + seen.get(), e);
    }
  }
}
