package dev.jflow.benchmarks;

import dev.jflow.api.GatewayConfig;
import dev.jflow.proto.jina.RequestProto;
import dev.jflow.proto.jina.StatusProto;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;

/**
 * The plain grpc-java peers JFlow is compared with: an echo server and a relay, both serving
 * {@code jina.JinaRPC/Call} with generated-message marshalling as ordinary grpc-java code does. Servers
 * and channels use the settings of JFlow's gRPC transport (Netty, plaintext, direct executor on the
 * server, 64 MiB messages).
 */
final class GrpcBaselines {
  /** {@code jina.JinaRPC/Call}, a bidi stream of RequestProto both ways. */
  static final MethodDescriptor<RequestProto, RequestProto> CALL = MethodDescriptor.<RequestProto, RequestProto>newBuilder()
      .setType(MethodDescriptor.MethodType.BIDI_STREAMING)
      .setFullMethodName(MethodDescriptor.generateFullMethodName("jina.JinaRPC", "Call"))
      .setRequestMarshaller(ProtoUtils.marshaller(RequestProto.getDefaultInstance()))
      .setResponseMarshaller(ProtoUtils.marshaller(RequestProto.getDefaultInstance()))
      .build();

  private static final StatusProto SUCCESS = StatusProto.newBuilder().setCode(StatusProto.StatusCode.SUCCESS).build();

  private GrpcBaselines() {}

  /** Answers each request with itself plus a SUCCESS status, on the Netty thread, in order. */
  static ServerServiceDefinition echo() {
    return ServerServiceDefinition.builder("jina.JinaRPC")
        .addMethod(CALL, ServerCalls.asyncBidiStreamingCall(responses -> new StreamObserver<RequestProto>() {
          @Override
          public void onNext(RequestProto request) {
            responses.onNext(request.toBuilder().setStatus(SUCCESS).build());
          }

          @Override
          public void onError(Throwable t) {
            // the client went away: nothing to clean up
          }

          @Override
          public void onCompleted() {
            responses.onCompleted();
          }
        }))
        .build();
  }

  /**
   * Forwards each client stream to {@code upstream} on a stream of its own, and each upstream answer
   * back: client → relay → echo, every message parsed and written again as a plain relay would.
   */
  static ServerServiceDefinition relay(ManagedChannel upstream) {
    return ServerServiceDefinition.builder("jina.JinaRPC")
        .addMethod(CALL, ServerCalls.asyncBidiStreamingCall(responses -> {
          ClientCall<RequestProto, RequestProto> call = upstream.newCall(CALL, CallOptions.DEFAULT);
          StreamObserver<RequestProto> forward = ClientCalls.asyncBidiStreamingCall(call, new StreamObserver<>() {
            @Override
            public void onNext(RequestProto answer) {
              responses.onNext(answer);
            }

            @Override
            public void onError(Throwable t) {
              responses.onError(Status.fromThrowable(t).asRuntimeException());
            }

            @Override
            public void onCompleted() {
              responses.onCompleted();
            }
          });
          return new StreamObserver<RequestProto>() {
            @Override
            public void onNext(RequestProto request) {
              forward.onNext(request);
            }

            @Override
            public void onError(Throwable t) {
              call.cancel("the client went away", t);
            }

            @Override
            public void onCompleted() {
              forward.onCompleted();
            }
          };
        }))
        .build();
  }

  /** Starts {@code service} on {@code 127.0.0.1} at a free port. */
  static Server start(ServerServiceDefinition service) {
    try {
      return NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
          .maxInboundMessageSize(GatewayConfig.DEFAULT_MAX_MESSAGE_SIZE)
          .directExecutor()
          .addService(service)
          .build()
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start a grpc-java server on 127.0.0.1", e);
    }
  }

  /** A channel to {@code 127.0.0.1:port}, set up as JFlow's gRPC client sets up its own. */
  static ManagedChannel channel(int port) {
    return NettyChannelBuilder.forAddress("127.0.0.1", port)
        .usePlaintext()
        .maxInboundMessageSize(GatewayConfig.DEFAULT_MAX_MESSAGE_SIZE)
        .build();
  }
}
