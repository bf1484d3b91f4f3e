package dev.jflow.transport.grpc;

import dev.jflow.api.ClientConfig;
import dev.jflow.api.FlowException;
import dev.jflow.api.Request;
import dev.jflow.api.Status;
import dev.jflow.api.spi.ClientCall;
import dev.jflow.api.spi.ClientTransport;
import dev.jflow.api.spi.ResponseObserver;
import dev.jflow.api.spi.TraceContext;
import dev.jflow.proto.ProtoCodec;
import dev.jflow.proto.jina.RequestProto;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The gRPC client: one channel to a gateway, one {@code Call} stream per client call, carrying the
 * client's token and the call's trace context as metadata. The channel must keep grpc-java's default
 * executor (no {@code directExecutor()}): {@link #callbacksMayBlock()} relies on it.
 */
final class GrpcClientTransport implements ClientTransport {
  private final String address;
  private final ManagedChannel channel;
  private final io.grpc.Channel calls;
  private final boolean plaintext;

  /** @throws FlowException INVALID_ARGUMENT when the configuration's TLS files cannot be used */
  GrpcClientTransport(ClientConfig config) {
    this.plaintext = config.tls() == null;
    NettyChannelBuilder b;
    if (config.address() == null) {
      this.address = "grpc://" + config.host() + ":" + config.port();
      b = NettyChannelBuilder.forAddress(config.host(), config.port());
    } else {
      // one address of the host: the authority (TLS's peer name and SNI) stays the host's name
      String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
      this.address = "grpc://" + host + ":" + config.port() + " at " + config.address().getHostAddress();
      b = NettyChannelBuilder.forAddress(new InetSocketAddress(config.address(), config.port()))
          .overrideAuthority(host + ":" + config.port());
    }
    b.maxInboundMessageSize(config.maxMessageSize());
    if (plaintext) {
      b.usePlaintext();
    } else {
      b.sslContext(GrpcTls.client(config.tls()));
    }
    this.channel = b.build();
    this.calls = TraceMetadata.attach(BearerMetadata.attach(channel, config.token()));
  }

  @Override
  public ClientCall open(ResponseObserver observer, Duration timeout) {
    return open(observer, timeout, TraceContext.none());
  }

  /** Sends {@code trace} as the call's {@code traceparent} and {@code tracestate} metadata. */
  @Override
  public ClientCall open(ResponseObserver observer, Duration timeout, TraceContext trace) {
    CallOptions options = TraceMetadata.with(timeout == null ? CallOptions.DEFAULT
        : CallOptions.DEFAULT.withDeadlineAfter(timeout.toNanos(), TimeUnit.NANOSECONDS), trace);
    io.grpc.ClientCall<RequestProto, RequestProto> call = calls.newCall(JinaRpc.CLIENT_METHOD, options);
    StreamObserver<RequestProto> requests = ClientCalls.asyncBidiStreamingCall(call, new StreamObserver<RequestProto>() {
      private boolean failed;

      @Override
      public void onNext(RequestProto p) {
        if (failed) {
          return;
        }
        try {
          observer.onNext(ProtoCodec.decodeResponse(p));
        } catch (FlowException e) {
          failed = true;
          call.cancel("undecodable response", e);
          observer.onError(new FlowException(Status.of(Status.Code.INTERNAL,
              "the gateway " + address + " sent an undecodable response: " + e.status().description()).withCause(e)));
        }
      }

      @Override
      public void onError(Throwable t) {
        if (io.grpc.Status.fromThrowable(t).getCode() == io.grpc.Status.Code.UNAVAILABLE) {
          channel.resetConnectBackoff(); // the next call tries to connect at once, so a peer that is back is found quickly
        }
        if (!failed) {
          observer.onError(GrpcStatuses.toFlow(t, address, plaintext));
        }
      }

      @Override
      public void onCompleted() {
        observer.onCompleted();
      }
    });
    return new ClientCall() {
      @Override
      public void send(Request request) {
        requests.onNext(ProtoCodec.encode(request));
      }

      @Override
      public void halfClose() {
        requests.onCompleted();
      }

      @Override
      public void cancel(String reason) {
        call.cancel(reason, null);
      }
    };
  }

  /**
   * True: the channel keeps grpc-java's default application executor (a shared cached pool, never its
   * event loop), and runs a call's observer through a serializing executor of its own without a lock,
   * so a callback that blocks holds up only its call.
   */
  @Override
  public boolean callbacksMayBlock() {
    return true;
  }

  @Override
  public void close() {
    channel.shutdown();
    try {
      if (!channel.awaitTermination(1, TimeUnit.SECONDS)) {
        channel.shutdownNow();
      }
    } catch (InterruptedException e) {
      channel.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
