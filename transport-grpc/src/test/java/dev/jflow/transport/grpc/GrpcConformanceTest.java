package dev.jflow.transport.grpc;

import dev.jflow.api.Document;
import dev.jflow.api.Flow;
import dev.jflow.api.FlowException;
import dev.jflow.api.GatewayAddress;
import dev.jflow.api.Status;
import dev.jflow.core.testing.TransportConformanceSuite;
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
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** The transport contract, kept by the gRPC transport over real sockets on 127.0.0.1. */
class GrpcConformanceTest extends TransportConformanceSuite {
  @Override
  protected String protocol() {
    return "grpc";
  }

  /** Without an executor of its own, a call runs its callbacks on grpc-java's callback threads: no hand-off to a pool. */
  @Test
  void aCallWithoutAnExecutorRunsItsCallbacksOnGrpcsOwnThreads() {
    Set<String> threads = ConcurrentHashMap.newKeySet();
    try (Flow f = flow().name("direct").add().build().start()) {
      f.index(dev.jflow.api.Inputs.of(java.util.List.of(Document.withId("a"), Document.withId("b"))),
          dev.jflow.api.CallOptions.builder().requestSize(1).onAlways(r -> threads.add(Thread.currentThread().getName())).build());
    }
    org.junit.jupiter.api.Assertions.assertTrue(!threads.isEmpty() && threads.stream().allMatch(t -> t.startsWith("grpc-default-executor-")),
        "callbacks ran on " + threads);
  }

  /** A gRPC client outside JFlow (as a Jina 1.x client with metadata) sends its token as {@code authorization: Bearer ...}. */
  @Override
  public Map<String, ForeignCaller> foreignCallers() {
    return Map.of("a gRPC client sending authorization metadata", (gateway, token, control) -> {
      try (PlaintextChannel channel = PlaintextChannel.to(gateway.port())) {
        Metadata headers = new Metadata();
        if (token != null) {
          headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        }
        Channel calls = ClientInterceptors.intercept(channel.channel(), MetadataUtils.newAttachHeadersInterceptor(headers));
        CollectingStreamObserver<RequestProto> responses = new CollectingStreamObserver<>();
        StreamObserver<RequestProto> out = ClientCalls.asyncBidiStreamingCall(calls.newCall(JinaMethods.CALL, CallOptions.DEFAULT), responses);
        out.onNext(control ? RELOAD : INDEX);
        out.onCompleted();
        Throwable failure = responses.awaitEnd(Duration.ofSeconds(10));
        return failure == null ? Status.Code.SUCCESS : GrpcStatuses.toFlow(io.grpc.Status.fromThrowable(failure).getCode());
      }
    });
  }

  private static final RequestProto INDEX = RequestProto.newBuilder().setRequestId("r1")
      .setIndex(RequestProto.IndexRequestProto.newBuilder().addDocs(DocumentProto.newBuilder().setId("d").setText("t"))).build();
  private static final RequestProto RELOAD = RequestProto.newBuilder().setRequestId("r2")
      .setControl(RequestProto.ControlRequestProto.newBuilder().setCommand(RequestProto.ControlRequestProto.Command.RELOAD)).build();

  @Override
  protected FlowException sendMalformed(GatewayAddress gateway) throws Exception {
    try (PlaintextChannel channel = PlaintextChannel.to(gateway.port())) {
      Throwable failure = channel.sendRaw(new byte[] {0x0A, (byte) 0xFF, 0x01});
      return failure == null ? null : GrpcStatuses.toFlow(failure, gateway.toString());
    }
  }
}
