package dev.jflow.benchmarks;

import dev.jflow.proto.jina.RequestProto;
import dev.jflow.proto.jina.StatusProto;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * The soak's slow gRPC client: a plain grpc-java call with manual inbound flow control that sends
 * {@link #REQUESTS} searches at once, then takes one response every {@link #READ_EVERY_MS} ms. The
 * gateway must hold the rest back (stop reading input) instead of buffering them. One call after
 * another, on one channel; every {@link ClientCall} method runs on one thread, as grpc-java asks.
 */
final class SlowGrpc implements Runnable {
  static final int REQUESTS = 60;
  static final long READ_EVERY_MS = 100;

  private final int port;
  private final Tally tally;
  private final BooleanSupplier running;
  private final Random random;

  SlowGrpc(int port, Tally tally, long seed, BooleanSupplier running) {
    this.port = port;
    this.tally = tally;
    this.running = running;
    this.random = new Random(seed);
  }

  @Override
  public void run() {
    ManagedChannel channel = GrpcBaselines.channel(port);
    ScheduledExecutorService reader = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "soak-slow-grpc"));
    try {
      while (running.getAsBoolean()) {
        try {
          oneCall(channel, reader);
        } catch (Exception e) {
          tally.error(e.getClass().getSimpleName(), String.valueOf(e));
        }
      }
    } finally {
      reader.shutdownNow();
      channel.shutdownNow();
    }
  }

  private void oneCall(ManagedChannel channel, ScheduledExecutorService reader) throws Exception {
    ClientCall<RequestProto, RequestProto> call = channel.newCall(GrpcBaselines.CALL, CallOptions.DEFAULT);
    CompletableFuture<Status> closed = new CompletableFuture<>();
    int[] answered = new int[1];
    ClientCall.Listener<RequestProto> listener = new ClientCall.Listener<>() {
      @Override
      public void onMessage(RequestProto response) {
        StatusProto.StatusCode code = response.getStatus().getCode();
        if (code == StatusProto.StatusCode.SUCCESS) {
          tally.done(1);
        } else {
          tally.error("response " + code.name());
        }
        answered[0]++;
        reader.schedule(() -> call.request(1), READ_EVERY_MS, TimeUnit.MILLISECONDS);
      }

      @Override
      public void onClose(Status status, Metadata trailers) {
        closed.complete(status);
      }
    };
    reader.submit(() -> {
      call.start(listener, new Metadata());
      call.request(1);
      for (int i = 0; i < REQUESTS; i++) {
        call.sendMessage(SoakData.searchProto(random, 2));
      }
      call.halfClose();
    }).get(10, TimeUnit.SECONDS);
    Status status;
    try {
      status = closed.get(REQUESTS * READ_EVERY_MS / 1000 + 60, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      reader.submit(() -> call.cancel("the soak's slow client timed out", null));
      tally.error("timeout");
      return;
    }
    if (status.getCode() == Status.Code.RESOURCE_EXHAUSTED) {
      tally.shed();
    } else if (!status.isOk()) {
      tally.error(status.getCode().name(), status.getDescription());
    } else if (answered[0] != REQUESTS) { // closed.get() ordered the listener's writes before this read
      tally.error("missing responses");
    }
  }
}
