package dev.jflow.benchmarks;

import dev.jflow.proto.jina.RequestProto;
import dev.jflow.proto.jina.StatusProto;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The raw transport baseline's client: a plain grpc-java client keeping {@code prefetch} requests in
 * flight on one {@code jina.JinaRPC/Call} stream to an echo or a relay. The RequestProtos carry the same
 * ids and bytes as JFlow's documents and are built before timing.
 */
final class RawGrpcSide implements Side {
  private final String name;
  private final Settings settings;
  private final List<RequestProto> requests;
  private final Map<String, Integer> indexOf = new HashMap<>();
  private final int docs;
  private final Server ownServer;
  private final ManagedChannel channel;

  /** A client of the server at {@code 127.0.0.1:port}, shown as {@code name}. */
  RawGrpcSide(String name, Settings settings, List<Payloads.Doc> data, int port) {
    this(name, settings, data, null, port);
  }

  private RawGrpcSide(String name, Settings settings, List<Payloads.Doc> data, Server ownServer, int port) {
    this.name = name;
    this.settings = settings;
    this.docs = data.size();
    this.ownServer = ownServer;
    this.requests = Payloads.indexRequests(data, settings.requestSize(), 7);
    for (int i = 0; i < requests.size(); i++) {
      indexOf.put(requests.get(i).getRequestId(), i);
    }
    this.channel = GrpcBaselines.channel(port);
  }

  /** An echo server in this JVM and its client (the single-JVM harness, {@link EndToEnd}). */
  static RawGrpcSide inJvm(Settings settings, List<Payloads.Doc> data) {
    Server server = GrpcBaselines.start(GrpcBaselines.echo());
    return new RawGrpcSide("raw grpc-java echo", settings, data, server, server.getPort());
  }

  @Override
  public String name() {
    return name;
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
    ClientCall<RequestProto, RequestProto> call = channel.newCall(GrpcBaselines.CALL, CallOptions.DEFAULT);
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
    if (ownServer != null) {
      ownServer.shutdownNow();
    }
    try {
      channel.awaitTermination(5, TimeUnit.SECONDS);
      if (ownServer != null) {
        ownServer.awaitTermination(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
