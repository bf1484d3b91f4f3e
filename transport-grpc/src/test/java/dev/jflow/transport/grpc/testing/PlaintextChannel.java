package dev.jflow.transport.grpc.testing;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/** A plaintext gRPC channel to a port of 127.0.0.1, shut down at once when closed. */
public final class PlaintextChannel implements AutoCloseable {
  private final ManagedChannel channel;

  private PlaintextChannel(ManagedChannel channel) {
    this.channel = channel;
  }

  /** A channel to 127.0.0.1:{@code port}. */
  public static PlaintextChannel to(int port) {
    return new PlaintextChannel(NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build());
  }

  /** The channel, for stubs. */
  public ManagedChannel channel() {
    return channel;
  }

  /** Starts a bidirectional call of {@code method} whose responses go to {@code responses}; returns its request stream. */
  public <Q, R> StreamObserver<Q> bidi(MethodDescriptor<Q, R> method, StreamObserver<R> responses) {
    return ClientCalls.asyncBidiStreamingCall(channel.newCall(method, CallOptions.DEFAULT), responses);
  }

  /**
   * Sends {@code message} unparsed as the one request of a {@code jina.JinaRPC/Call} and waits up to
   * 10 s for the call to end: returns its error, or null when it completed.
   */
  public Throwable sendRaw(byte[] message) throws InterruptedException, TimeoutException {
    CollectingStreamObserver<byte[]> responses = new CollectingStreamObserver<>();
    StreamObserver<byte[]> out = bidi(JinaMethods.RAW, responses);
    out.onNext(message);
    out.onCompleted();
    return responses.awaitEnd(Duration.ofSeconds(10));
  }

  @Override
  public void close() {
    channel.shutdownNow();
  }
}
