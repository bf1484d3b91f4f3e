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
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The raw transport baseline: a plain grpc-java server serving {@code jina.JinaRPC/Call} that echoes
 * each RequestProto with a SUCCESS status, and a plain grpc-java client keeping {@code prefetch}
 * requests in flight on one stream. Server and channel are set up as JFlow's gRPC transport sets up
 * its own (Netty, plaintext, direct executor on the server, 64 MiB messages). The RequestProtos carry
 * the same ids and bytes as JFlow's documents and are built before timing.
 */
final class RawGrpcSide implements Side {
  static final MethodDescriptor<RequestProto, RequestProto> CALL = MethodDescriptor.<RequestProto, RequestProto>newBuilder()
      .setType(MethodDescriptor.MethodType.BIDI_STREAMING)
      .setFullMethodName(MethodDescriptor.generateFullMethodName("jina.JinaRPC", "Call"))
      .setRequestMarshaller(ProtoUtils.marshaller(RequestProto.getDefaultInstance()))
      .setResponseMarshaller(ProtoUtils.marshaller(RequestProto.getDefaultInstance()))
      .build();

  private static final StatusProto SUCCESS = StatusProto.newBuilder().setCode(StatusProto.StatusCode.SUCCESS).build();

  private final Settings settings;
  private final List<RequestProto> requests;
  private final Map<String, Integer> indexOf = new HashMap<>();
  private final int docs;
  private final Server server;
  private final ManagedChannel channel;

  RawGrpcSide(Settings settings, List<Payloads.Doc> data) {
    this.settings = settings;
    this.docs = data.size();
    this.requests = Payloads.indexRequests(data, settings.requestSize(), 7);
    for (int i = 0; i < requests.size(); i++) {
      indexOf.put(requests.get(i).getRequestId(), i);
    }
    ServerServiceDefinition echo = ServerServiceDefinition.builder("jina.JinaRPC")
        .addMethod(CALL, ServerCalls.asyncBidiStreamingCall(RawGrpcSide::echo))
        .build();
    try {
      this.server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
          .maxInboundMessageSize(GatewayConfig.DEFAULT_MAX_MESSAGE_SIZE)
          .directExecutor()
          .addService(echo)
          .build()
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the raw grpc-java server on 127.0.0.1", e);
    }
    this.channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort())
        .usePlaintext()
        .maxInboundMessageSize(GatewayConfig.DEFAULT_MAX_MESSAGE_SIZE)
        .build();
  }

  private static StreamObserver<RequestProto> echo(StreamObserver<RequestProto> responses) {
    return new StreamObserver<>() {
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
    };
  }

  @Override
  public String name() {
    return "raw grpc-java echo";
  }

  @Override
  public RoundResult round() throws Exception {
    int n = requests.size();
    AtomicLongArray sent = new AtomicLongArray(n);
    long[] latency = new long[n];
    AtomicInteger answered = new AtomicInteger();
    AtomicInteger errors = new AtomicInteger();
    Semaphore window = new Semaphore(settings.prefetch());
    CompletableFuture<Void> done = new CompletableFuture<>();
    ClientCall<RequestProto, RequestProto> call = channel.newCall(CALL, CallOptions.DEFAULT);
    long start = System.nanoTime();
    StreamObserver<RequestProto> out = ClientCalls.asyncBidiStreamingCall(call, new StreamObserver<>() {
      @Override
      public void onNext(RequestProto response) {
        long now = System.nanoTime();
        int i = indexOf.get(response.getRequestId());
        latency[i] = now - sent.get(i);
        answered.incrementAndGet();
        if (response.getStatus().getCode() != StatusProto.StatusCode.SUCCESS) {
          errors.incrementAndGet();
        }
        window.release();
      }

      @Override
      public void onError(Throwable t) {
        done.completeExceptionally(t);
        window.release(n);
      }

      @Override
      public void onCompleted() {
        done.complete(null);
      }
    });
    for (int i = 0; i < n && !done.isDone(); i++) {
      if (!window.tryAcquire(settings.timeoutSeconds(), TimeUnit.SECONDS)) {
        call.cancel("timed out", null);
        throw new IllegalStateException(name() + ": no room in the window after " + settings.timeoutSeconds() + " s");
      }
      sent.set(i, System.nanoTime());
      out.onNext(requests.get(i));
    }
    out.onCompleted();
    done.get(settings.timeoutSeconds(), TimeUnit.SECONDS);
    long wall = System.nanoTime() - start;
    if (answered.get() != n || errors.get() != 0) {
      throw new IllegalStateException(name() + ": " + answered.get() + " of " + n + " requests answered, "
          + errors.get() + " with an error status");
    }
    return new RoundResult(wall, docs, latency);
  }

  @Override
  public void close() {
    channel.shutdownNow();
    server.shutdownNow();
    try {
      channel.awaitTermination(5, TimeUnit.SECONDS);
      server.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
