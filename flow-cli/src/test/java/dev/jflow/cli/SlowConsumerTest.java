package dev.jflow.cli;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.CallOptions;
import dev.jflow.api.Client;
import dev.jflow.api.Document;
import dev.jflow.api.Inputs;
import dev.jflow.api.Request;
import dev.jflow.api.RequestType;
import dev.jflow.api.Response;
import dev.jflow.proto.ProtoCodec;
import dev.jflow.proto.jina.RequestProto;
import dev.jflow.transport.grpc.testing.JinaMethods;
import dev.jflow.transport.grpc.testing.PlaintextChannel;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gRPC client that sends fast and never reads its answers does not take the gateway down: the
 * gateway, in its own JVM with a 256 MiB heap that exits on OutOfMemoryError, stops reading from it,
 * stays up and keeps answering another client.
 */
@Timeout(value = 60, unit = SECONDS)
class SlowConsumerTest {
  private static final int REQUESTS = 20_000;
  private static final Duration PERIOD = Duration.ofSeconds(15);

  /** Sends up to REQUESTS requests of about 20 KB as fast as gRPC flow control lets it, and never asks for an answer. */
  static final class NeverReads implements ClientResponseObserver<RequestProto, RequestProto> {
    final AtomicInteger sent = new AtomicInteger();
    final RequestProto request = ProtoCodec.encode(Request.builder(RequestType.INDEX)
        .docs(List.of(Document.ofText("x".repeat(20_000)))).build());
    private ClientCallStreamObserver<RequestProto> out;

    @Override
    public void beforeStart(ClientCallStreamObserver<RequestProto> requestStream) {
      out = requestStream;
      requestStream.disableAutoRequestWithInitial(0);
      requestStream.setOnReadyHandler(this::sendWhileReady);
    }

    private synchronized void sendWhileReady() {
      while (out.isReady() && sent.get() < REQUESTS) {
        out.onNext(request);
        sent.incrementAndGet();
      }
    }

    @Override
    public void onNext(RequestProto value) {
      throw new AssertionError("never asked for an answer");
    }

    @Override
    public void onError(Throwable t) {}

    @Override
    public void onCompleted() {}
  }

  @Test
  void aClientThatNeverReadsIsHeldBackWhileOthersAreServed(@TempDir Path dir) throws Exception {
    Path yaml = dir.resolve("pass.yml");
    Files.writeString(yaml, "jtype: Flow\nwith:\n  name: pass\npods:\n  - name: pass\n    uses: _pass\n");
    try (Served gateway = new Served(List.of("-Xmx256m", "-XX:+ExitOnOutOfMemoryError"),
        "flow", "--uses", yaml.toString(), "--host", "127.0.0.1", "--drain-grace", "1000");
         Client other = Client.connect("grpc", "127.0.0.1", gateway.port)) {
      try (PlaintextChannel channel = PlaintextChannel.to(gateway.port)) {
        NeverReads hog = new NeverReads();
        channel.bidi(JinaMethods.CALL, hog);
        long end = System.nanoTime() + PERIOD.toNanos();
        int answered = 0;
        while (System.nanoTime() < end) {
          long t0 = System.nanoTime();
          List<Response> r = other.index(Inputs.of(Document.ofText("still here")), CallOptions.builder().build()).get(5, SECONDS);
          assertFalse(r.get(0).isError(), r.get(0).status().toString());
          answered++;
          long tookMs = (System.nanoTime() - t0) / 1_000_000;
          assertTrue(gateway.process.isAlive(), gateway.stderr());
          Thread.sleep(Math.max(0, 1000 - tookMs)); // one call a second: a steady second client, not synchronization
        }
        assertTrue(answered >= PERIOD.toSeconds() - 2, "the other client was answered each second, got " + answered);
        assertTrue(gateway.process.isAlive(), "the gateway survived the hog: " + gateway.stderr());
        assertTrue(hog.sent.get() < REQUESTS, "the gateway stopped reading from a client that reads nothing; it sent " + hog.sent.get());
      }
      assertEquals(Serving.DRAINED, gateway.stop(), gateway.stderr());
    }
  }
}
