package dev.jflow.transport.grpc;

import dev.jflow.api.FlowException;
import dev.jflow.api.GatewayAddress;
import dev.jflow.core.testing.TransportConformanceSuite;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** The transport contract, kept by the gRPC transport over real sockets on 127.0.0.1. */
class GrpcConformanceTest extends TransportConformanceSuite {
  @Override
  protected String protocol() {
    return "grpc";
  }

  @Override
  protected FlowException sendMalformed(GatewayAddress gateway) throws Exception {
    ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", gateway.port()).usePlaintext().build();
    try {
      CompletableFuture<Void> done = new CompletableFuture<>();
      StreamObserver<byte[]> out = ClientCalls.asyncBidiStreamingCall(
          channel.newCall(GrpcGatewayTest.RAW, io.grpc.CallOptions.DEFAULT), new StreamObserver<>() {
            @Override
            public void onNext(byte[] value) {}

            @Override
            public void onError(Throwable t) {
              done.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
              done.complete(null);
            }
          });
      out.onNext(new byte[] {0x0A, (byte) 0xFF, 0x01});
      out.onCompleted();
      try {
        done.get(10, TimeUnit.SECONDS);
        return null;
      } catch (ExecutionException e) {
        return GrpcStatuses.toFlow(e.getCause(), gateway.toString());
      }
    } finally {
      channel.shutdownNow();
    }
  }
}
