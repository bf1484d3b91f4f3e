package dev.jflow.benchmarks;

import dev.jflow.proto.jina.RequestProto;
import dev.jflow.proto.jina.StatusProto;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * The soak's slow WebSocket client: the JDK's {@link WebSocket} (which reads from the network only as
 * far as its listener asks) on {@code /stream}, sending {@link SlowGrpc#REQUESTS} binary searches and
 * the end marker, then taking one frame every {@link SlowGrpc#READ_EVERY_MS} ms. The gateway must
 * queue no more than its limit for it; closing it with 1008 or 1009 counts as shedding, not an error.
 */
final class SlowWs implements Runnable {
  private static final ByteBuffer END_OF_INPUT = ByteBuffer.wrap(new byte[] {0}).asReadOnlyBuffer();

  private final URI uri;
  private final Tally tally;
  private final BooleanSupplier running;
  private final Random random;

  SlowWs(int port, Tally tally, long seed, BooleanSupplier running) {
    this.uri = URI.create("ws://127.0.0.1:" + port + "/stream");
    this.tally = tally;
    this.running = running;
    this.random = new Random(seed);
  }

  @Override
  public void run() {
    HttpClient http = HttpClient.newHttpClient();
    ScheduledExecutorService reader = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "soak-slow-ws"));
    try {
      while (running.getAsBoolean()) {
        try {
          oneSocket(http, reader);
        } catch (Exception e) {
          tally.error(e.getClass().getSimpleName(), String.valueOf(e));
        }
      }
    } finally {
      reader.shutdownNow();
    }
  }

  private void oneSocket(HttpClient http, ScheduledExecutorService reader) throws Exception {
    CompletableFuture<Integer> closed = new CompletableFuture<>();
    String[] closeReason = new String[1];
    AtomicInteger answered = new AtomicInteger();
    WebSocket.Listener listener = new WebSocket.Listener() {
      private final ByteArrayOutputStream frame = new ByteArrayOutputStream();

      @Override
      public void onOpen(WebSocket ws) {
        ws.request(1);
      }

      @Override
      public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
        byte[] part = new byte[data.remaining()];
        data.get(part);
        frame.writeBytes(part);
        if (last) {
          answered.incrementAndGet();
          try {
            StatusProto.StatusCode code = RequestProto.parseFrom(frame.toByteArray()).getStatus().getCode();
            if (code == StatusProto.StatusCode.SUCCESS) {
              tally.done(1);
            } else {
              tally.error("response " + code.name());
            }
          } catch (java.io.IOException e) {
            tally.error("unparsable frame");
          }
          frame.reset();
        }
        reader.schedule(() -> ws.request(1), SlowGrpc.READ_EVERY_MS, TimeUnit.MILLISECONDS);
        return null;
      }

      @Override
      public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        tally.error("text frame");
        ws.request(1);
        return null;
      }

      @Override
      public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
        closeReason[0] = reason;
        closed.complete(code);
        return null;
      }

      @Override
      public void onError(WebSocket ws, Throwable error) {
        closed.completeExceptionally(error);
      }
    };
    WebSocket ws = http.newWebSocketBuilder().buildAsync(uri, listener).get(10, TimeUnit.SECONDS);
    long waitS = SlowGrpc.REQUESTS * SlowGrpc.READ_EVERY_MS / 1000 + 60;
    try {
      for (int i = 0; i < SlowGrpc.REQUESTS && !closed.isDone(); i++) {
        ws.sendBinary(ByteBuffer.wrap(SoakData.searchProto(random, 2).toByteArray()), true).get(waitS, TimeUnit.SECONDS);
      }
      if (!closed.isDone()) {
        ws.sendBinary(END_OF_INPUT.duplicate(), true).get(waitS, TimeUnit.SECONDS);
      }
      int code = closed.get(waitS, TimeUnit.SECONDS);
      if (code == 1008 || code == 1009) {
        tally.shed();
      } else if (code != 1000) {
        tally.error("ws-" + code, closeReason[0]);
      } else if (answered.get() != SlowGrpc.REQUESTS) {
        tally.error("missing responses");
      }
    } catch (TimeoutException e) {
      tally.error("timeout");
    } finally {
      ws.abort();
    }
  }
}
