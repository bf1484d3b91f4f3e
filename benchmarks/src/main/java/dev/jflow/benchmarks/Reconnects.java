package dev.jflow.benchmarks;

import dev.jflow.api.CallOptions;
import dev.jflow.api.Client;
import dev.jflow.api.Inputs;
import dev.jflow.api.Response;
import dev.jflow.api.Status;
import dev.jflow.proto.jina.RequestProto;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * The soak's reconnecting client: connects, sends a few requests and goes away, in a loop, in five
 * ways in turn: a JFlow gRPC client that finishes and closes; a plain grpc-java call cancelled after
 * its first response; a JFlow WebSocket client that finishes and closes; a JDK WebSocket aborted (the
 * socket cut without a close frame) after its first response; and a JFlow gRPC client closed in the
 * middle of a call. Failures of the calls it cuts short itself count as cancels, not errors.
 */
final class Reconnects implements Runnable {
  private static final long PAUSE_MS = 20;
  private static final long TIMEOUT_S = 30;

  private final int grpcPort;
  private final int wsPort;
  private final Tally tally;
  private final BooleanSupplier running;
  private final Random random;
  private final HttpClient http = HttpClient.newHttpClient();

  Reconnects(int grpcPort, int wsPort, Tally tally, long seed, BooleanSupplier running) {
    this.grpcPort = grpcPort;
    this.wsPort = wsPort;
    this.tally = tally;
    this.running = running;
    this.random = new Random(seed);
  }

  @Override
  public void run() {
    for (int step = 0; running.getAsBoolean(); step++) {
      try {
        switch (step % 5) {
          case 0: clean("grpc", grpcPort); break;
          case 1: cancelGrpc(); break;
          case 2: clean("websocket", wsPort); break;
          case 3: abortWs(); break;
          default: closeMidCall(); break;
        }
        Thread.sleep(PAUSE_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Exception e) {
        tally.failure(e);
      }
    }
  }

  private CallOptions.Builder options() {
    return CallOptions.builder().returnResults(false).continueOnError(true).onAlways(tally::response);
  }

  private void clean(String protocol, int port) throws Exception {
    try (Client client = Client.connect(protocol, "127.0.0.1", port)) {
      client.index(Inputs.of(SoakData.documents(random, 15)), options().requestSize(5).build()).get(TIMEOUT_S, TimeUnit.SECONDS);
      client.search(Inputs.of(SoakData.documents(random, 2)), options().requestSize(1).topK(5).build()).get(TIMEOUT_S, TimeUnit.SECONDS);
    }
  }

  private void cancelGrpc() throws Exception {
    ManagedChannel channel = GrpcBaselines.channel(grpcPort);
    try {
      ClientCall<RequestProto, RequestProto> call = channel.newCall(GrpcBaselines.CALL, io.grpc.CallOptions.DEFAULT);
      CompletableFuture<Void> first = new CompletableFuture<>();
      CompletableFuture<io.grpc.Status> closed = new CompletableFuture<>();
      call.start(new ClientCall.Listener<>() {
        @Override
        public void onMessage(RequestProto message) {
          tally.done(1);
          first.complete(null);
        }

        @Override
        public void onClose(io.grpc.Status status, Metadata trailers) {
          first.complete(null);
          closed.complete(status);
        }
      }, new Metadata());
      call.request(Integer.MAX_VALUE);
      for (int i = 0; i < 5; i++) {
        call.sendMessage(SoakData.searchProto(random, 1));
      }
      first.get(TIMEOUT_S, TimeUnit.SECONDS);
      call.cancel("the soak's reconnecting client hangs up", null);
      io.grpc.Status status = closed.get(TIMEOUT_S, TimeUnit.SECONDS);
      if (status.getCode() == io.grpc.Status.Code.CANCELLED) {
        tally.cancelled();
      } else if (!status.isOk()) {
        tally.error(status.getCode().name(), status.getDescription());
      }
    } finally {
      channel.shutdownNow();
    }
  }

  private void abortWs() throws Exception {
    CompletableFuture<Void> first = new CompletableFuture<>();
    WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + wsPort + "/stream"), new WebSocket.Listener() {
      @Override
      public CompletionStage<?> onBinary(WebSocket socket, ByteBuffer data, boolean last) {
        if (last) {
          tally.done(1);
          first.complete(null);
        }
        socket.request(1);
        return null;
      }

      @Override
      public CompletionStage<?> onClose(WebSocket socket, int code, String reason) {
        first.completeExceptionally(new IllegalStateException("ws-" + code));
        return null;
      }
    }).get(TIMEOUT_S, TimeUnit.SECONDS);
    try {
      for (int i = 0; i < 5; i++) {
        ws.sendBinary(ByteBuffer.wrap(SoakData.searchProto(random, 1).toByteArray()), true).get(TIMEOUT_S, TimeUnit.SECONDS);
      }
      first.get(TIMEOUT_S, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      tally.error(e.getCause().getMessage());
      return;
    } finally {
      ws.abort();
    }
    tally.cancelled();
  }

  private void closeMidCall() throws Exception {
    CompletableFuture<Void> first = new CompletableFuture<>();
    AtomicBoolean closing = new AtomicBoolean();
    Client client = Client.connect("grpc", "127.0.0.1", grpcPort);
    CompletableFuture<List<Response>> call;
    try {
      call = client.index(Inputs.of(SoakData.documents(random, 200)), options().requestSize(10).prefetch(2)
          .onAlways(r -> {
            if (closing.get() && r.isError()) {
              tally.cancelled(); // a request cut by our own close
            } else {
              tally.response(r);
            }
            first.complete(null);
          }).build());
      first.get(TIMEOUT_S, TimeUnit.SECONDS);
    } finally {
      closing.set(true);
      client.close();
    }
    try {
      call.get(TIMEOUT_S, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      Status.Code code = Tally.codeOf(e);
      if (code == Status.Code.UNAVAILABLE || code == Status.Code.CANCELLED) {
        tally.cancelled();
      } else {
        tally.failure(e);
      }
    } catch (TimeoutException e) {
      tally.error("timeout after close");
    }
  }
}
