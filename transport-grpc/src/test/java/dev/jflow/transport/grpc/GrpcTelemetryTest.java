package dev.jflow.transport.grpc;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.jflow.api.GatewayConfig;
import dev.jflow.api.spi.GatewayServer;
import dev.jflow.api.spi.TraceContext;
import dev.jflow.core.testing.RecordingGatewayMetrics;
import dev.jflow.core.testing.RecordingHandler;
import dev.jflow.proto.jina.DocumentProto;
import dev.jflow.proto.jina.RequestProto;
import dev.jflow.transport.grpc.testing.CollectingStreamObserver;
import dev.jflow.transport.grpc.testing.JinaMethods;
import dev.jflow.transport.grpc.testing.PlaintextChannel;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.Metadata;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the gRPC gateway tells the Flow's telemetry beyond the transport contract: the trace context
 * of a client outside JFlow (OpenTelemetry's gRPC instrumentation sends {@code traceparent} metadata),
 * the exact bytes of the responses it writes, and the meters of its own protocol when the configured
 * one is automatic.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GrpcTelemetryTest {
  private static final String PARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

  private static GatewayServer start(GatewayConfig config, RecordingHandler flow) {
    GatewayServer server = new GrpcTransportProvider().newGatewayServer(config, flow);
    server.start().orTimeout(30, TimeUnit.SECONDS).join();
    return server;
  }

  private static RequestProto index(String id) {
    return RequestProto.newBuilder().setRequestId(id)
        .setIndex(RequestProto.IndexRequestProto.newBuilder().addDocs(DocumentProto.newBuilder().setId("d-" + id).setText("text"))).build();
  }

  /** Sends {@code requests} on one call with {@code metadata}; returns the responses. */
  private static List<RequestProto> call(int port, Map<String, String> metadata, RequestProto... requests) throws Exception {
    try (PlaintextChannel channel = PlaintextChannel.to(port)) {
      Metadata headers = new Metadata();
      metadata.forEach((k, v) -> headers.put(Metadata.Key.of(k, Metadata.ASCII_STRING_MARSHALLER), v));
      Channel calls = ClientInterceptors.intercept(channel.channel(), MetadataUtils.newAttachHeadersInterceptor(headers));
      CollectingStreamObserver<RequestProto> responses = new CollectingStreamObserver<>();
      StreamObserver<RequestProto> out = ClientCalls.asyncBidiStreamingCall(calls.newCall(JinaMethods.CALL, CallOptions.DEFAULT), responses);
      for (RequestProto r : requests) {
        out.onNext(r);
      }
      out.onCompleted();
      assertNull(responses.awaitEnd(Duration.ofSeconds(10)));
      return responses.items;
    }
  }

  @Test
  void traceparentMetadataOfAForeignClientIsTheParentOfEveryRequestOfItsCall() throws Exception {
    RecordingHandler flow = new RecordingHandler();
    GatewayServer server = start(GatewayConfig.builder().protocol("grpc").host("127.0.0.1").build(), flow);
    try {
      int port = server.address().port();
      call(port, Map.of("traceparent", PARENT, "tracestate", "rojo=00f067aa0ba902b7"), index("a"), index("b"));
      assertEquals(TraceContext.of(PARENT, "rojo=00f067aa0ba902b7"), flow.parents.get("a"));
      assertEquals(TraceContext.of(PARENT, "rojo=00f067aa0ba902b7"), flow.parents.get("b"));

      call(port, Map.of("traceparent", "not-a-trace-parent"), index("malformed"));
      assertFalse(flow.parents.get("malformed").isPresent(), "a malformed traceparent starts a new trace");
      call(port, Map.of(), index("none"));
      assertFalse(flow.parents.get("none").isPresent(), "a call without one starts a new trace, whatever came before");
    } finally {
      server.closeAsync().get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void theBytesSentAreTheSerializedResponsesAndTheConnectionIsCountedOpenThenClosed() throws Exception {
    RecordingHandler flow = new RecordingHandler();
    RecordingGatewayMetrics m = flow.metrics;
    GatewayServer server = start(GatewayConfig.builder().protocol("grpc").host("127.0.0.1").build(), flow);
    try {
      List<RequestProto> answers = call(server.address().port(), Map.of(), index("x"), index("y"), index("z"));
      long bytes = answers.stream().mapToLong(RequestProto::getSerializedSize).sum();
      assertEquals(3, m.sent.get(), m.toString());
      assertEquals(bytes, m.sentBytes.get(), "the serialized size of every response: " + m);
      assertEquals(1, m.connectionsOpened.get(), m.toString());
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(1, m.connectionsClosed.get(), m.toString()));
    } finally {
      server.closeAsync().get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void aGatewayOfTheAutomaticProtocolReportsAsGrpc() throws Exception {
    RecordingHandler flow = new RecordingHandler();
    GatewayServer server = start(GatewayConfig.builder().host("127.0.0.1").build(), flow);
    try {
      call(server.address().port(), Map.of(), index("auto"));
      assertEquals(List.of("grpc"), flow.protocols.stream().distinct().toList(), "asked: " + flow.protocols);
      assertEquals(1, flow.metrics.answered(dev.jflow.api.Status.Code.SUCCESS));
    } finally {
      server.closeAsync().get(30, TimeUnit.SECONDS);
    }
  }
}
