package dev.jflow.transport.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.CallOptions;
import dev.jflow.api.Client;
import dev.jflow.api.Document;
import dev.jflow.api.Flow;
import dev.jflow.api.FlowException;
import dev.jflow.api.Inputs;
import dev.jflow.api.Status;
import dev.jflow.proto.jina.RequestProto;
import dev.jflow.transport.grpc.testing.CollectingStreamObserver;
import dev.jflow.transport.grpc.testing.PlaintextChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GrpcGatewayTest {
  private Flow flow;
  private PlaintextChannel channel;

  @BeforeEach
  void start() {
    flow = Flow.builder().protocol("grpc").host("127.0.0.1").maxMessageSize(64 * 1024).add().build().start();
    channel = PlaintextChannel.to(flow.async().gatewayAddress().port());
  }

  @AfterEach
  void stop() {
    channel.close();
    flow.close();
  }

  private StatusRuntimeException rawCallFails(byte[] message) throws Exception {
    return assertInstanceOf(StatusRuntimeException.class, channel.sendRaw(message));
  }

  private void stillServes() {
    assertEquals(3, flow.index(List.of(Document.ofText("a"), Document.ofText("b"), Document.ofText("c"))).get(0).docs().size());
  }

  @Test
  void aMalformedMessageEndsItsStreamWithInvalidArgumentAndTheServerKeepsServing() throws Exception {
    StatusRuntimeException e = rawCallFails(new byte[] {(byte) 0x0A, (byte) 0xFF, 0x01, 0x02});
    assertEquals(io.grpc.Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
    assertTrue(e.getStatus().getDescription().contains("malformed RequestProto"), e.getStatus().getDescription());
    stillServes();
  }

  @Test
  void aRequestWithoutBodyIsNamed() throws Exception {
    StatusRuntimeException e = rawCallFails(RequestProto.newBuilder().setRequestId("r-42").build().toByteArray());
    assertEquals(io.grpc.Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
    assertTrue(e.getStatus().getDescription().contains("request 'r-42' has no body"), e.getStatus().getDescription());
    stillServes();
  }

  @Test
  void aMessageOverTheMaximumIsRefusedWithResourceExhausted() {
    byte[] big = new byte[100 * 1024];
    FlowException e = assertThrows(FlowException.class, () -> flow.index(List.of(Document.ofBuffer(big))));
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.code());
    stillServes();
  }

  @Test
  void healthIsServingWhileTheFlowRuns() {
    HealthCheckResponse r = HealthGrpc.newBlockingStub(channel.channel()).check(HealthCheckRequest.newBuilder().build());
    assertEquals(HealthCheckResponse.ServingStatus.SERVING, r.getStatus());
    HealthCheckResponse jina = HealthGrpc.newBlockingStub(channel.channel()).check(HealthCheckRequest.newBuilder().setService("jina.JinaRPC").build());
    assertEquals(HealthCheckResponse.ServingStatus.SERVING, jina.getStatus());
  }

  @Test
  void reflectionListsTheJinaService() throws Exception {
    CompletableFuture<ServerReflectionResponse> got = new CompletableFuture<>();
    StreamObserver<ServerReflectionRequest> req = ServerReflectionGrpc.newStub(channel.channel()).serverReflectionInfo(new StreamObserver<>() {
      @Override
      public void onNext(ServerReflectionResponse value) {
        got.complete(value);
      }

      @Override
      public void onError(Throwable t) {
        got.completeExceptionally(t);
      }

      @Override
      public void onCompleted() {}
    });
    req.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
    List<String> services = got.get(10, TimeUnit.SECONDS).getListServicesResponse().getServiceList().stream()
        .map(s -> s.getName()).collect(Collectors.toList());
    req.onCompleted();
    assertTrue(services.contains("jina.JinaRPC"), services.toString());
    assertTrue(services.contains("grpc.health.v1.Health"), services.toString());
  }

  @Test
  void aClientOfTheGatewayIndexesAndAnUnreachableOneNamesTheAddress() {
    try (Client c = Client.connect("grpc", "127.0.0.1", flow.async().gatewayAddress().port())) {
      assertEquals(25, c.index(Inputs.of(java.util.stream.IntStream.range(0, 25).mapToObj(i -> Document.ofText("x")).collect(Collectors.toList())),
          CallOptions.builder().requestSize(10).build()).join().stream().mapToInt(r -> r.docs().size()).sum());
    }
    try (Client c = Client.connect("grpc", "127.0.0.1", 1)) {
      Exception e = assertThrows(Exception.class, () -> c.index(List.of(Document.ofText("x"))).join());
      FlowException fe = dev.jflow.api.internal.Futures.toFlowException(e);
      assertEquals(Status.Code.UNAVAILABLE, fe.code());
      assertTrue(fe.getMessage().contains("grpc://127.0.0.1:1"), fe.getMessage());
    }
  }

  @Test
  void controlRequestsAreAnsweredByTheControlPlaneNotRunThroughExecutors() throws Exception {
    String admin = "grpc-gateway-admin-token";
    try (Flow controlled = Flow.builder().protocol("grpc").host("127.0.0.1")
        .authenticator(dev.jflow.api.spi.BearerTokens.builder().adminTokens(dev.jflow.api.Secret.of(admin)).build()).add().build().start();
        PlaintextChannel adminChannel = PlaintextChannel.to(controlled.async().gatewayAddress().port())) {
      CollectingStreamObserver<RequestProto> got = new CollectingStreamObserver<>();
      io.grpc.ClientCall<RequestProto, RequestProto> call = BearerMetadata.attach(adminChannel.channel(), admin)
          .newCall(JinaRpc.CLIENT_METHOD, io.grpc.CallOptions.DEFAULT);
      assertControlAnswered(io.grpc.stub.ClientCalls.asyncBidiStreamingCall(call, got), got);
    }
  }

  private static void assertControlAnswered(StreamObserver<RequestProto> out, CollectingStreamObserver<RequestProto> got) throws Exception {
    out.onNext(RequestProto.newBuilder().setRequestId("c1").setControl(RequestProto.ControlRequestProto.newBuilder()
        .setCommand(RequestProto.ControlRequestProto.Command.STATUS)).build());
    out.onNext(RequestProto.newBuilder().setRequestId("c2").setControl(RequestProto.ControlRequestProto.newBuilder()
        .setCommand(RequestProto.ControlRequestProto.Command.TERMINATE)).build());
    out.onCompleted();
    got.done.get(10, TimeUnit.SECONDS);
    assertEquals(2, got.items.size());
    RequestProto status = got.items.stream().filter(r -> r.getRequestId().equals("c1")).findFirst().orElseThrow();
    assertTrue(status.hasControl(), "a control request is answered with a control body");
    assertEquals(dev.jflow.proto.jina.StatusProto.StatusCode.SUCCESS, status.getStatus().getCode());
    assertTrue(status.getControl().getArgs().getFieldsMap().containsKey("pods"), status.getControl().getArgs().toString());
    RequestProto terminate = got.items.stream().filter(r -> r.getRequestId().equals("c2")).findFirst().orElseThrow();
    assertEquals(dev.jflow.proto.jina.StatusProto.StatusCode.ERROR_NOTALLOWED, terminate.getStatus().getCode());
    assertTrue(terminate.getStatus().getDescription().contains("TERMINATE"), terminate.getStatus().getDescription());
  }
}
