package dev.jflow.transport.websocket;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.Document;
import dev.jflow.api.GatewayConfig;
import dev.jflow.api.Request;
import dev.jflow.api.RequestType;
import dev.jflow.api.Response;
import dev.jflow.api.Status;
import dev.jflow.api.spi.RequestHandler;
import dev.jflow.proto.ProtoCodec;
import dev.jflow.proto.jina.RequestProto;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A client that stops reading is disconnected once its socket's outgoing queue passes the limit,
 * instead of the gateway buffering its responses for ever; other sockets are served meanwhile.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SlowReaderTest {
  private static final int RESPONSE_BYTES = 256 * 1024;
  /** Enough responses to fill the kernel's socket buffers (tcp_wmem's maximum, 4 MiB by default) and 8 MiB more. */
  private static final int REQUESTS = (int) ((maxSendBuffer() + (8L << 20)) / RESPONSE_BYTES);

  private static long maxSendBuffer() {
    try {
      String[] wmem = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/net/ipv4/tcp_wmem")).trim().split("\\s+");
      return Math.min(Long.parseLong(wmem[2]), 64L << 20);
    } catch (java.io.IOException | RuntimeException e) {
      return 4L << 20;
    }
  }

  /**
   * Answers every request with one document holding 256 KiB, all at once when the last request has
   * arrived: so the gateway has read everything the client sends before it can cut the client (bytes
   * arriving at a closed socket make TCP reset the connection, and the client would lose its close frame).
   */
  private static final class BigAnswers implements RequestHandler {
    final AtomicInteger handled = new AtomicInteger();
    private final List<Runnable> held = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public CompletableFuture<Response> handle(Request request, Duration timeout) {
      CompletableFuture<Response> answer = new CompletableFuture<>();
      held.add(() -> answer.complete(new Response(request.id(), request.type(),
          List.of(Document.ofBuffer(new byte[RESPONSE_BYTES])), List.of(), List.of(), null, Status.SUCCESS, List.of())));
      if (handled.incrementAndGet() >= REQUESTS) { // later requests (another socket's) are answered at once
        held.forEach(Runnable::run);
      }
      return answer;
    }

    @Override
    public boolean isReady() {
      return true;
    }
  }

  @Test
  void aClientThatStopsReadingIsDisconnectedWithPolicyViolation() throws Exception {
    BigAnswers handler = new BigAnswers();
    WebSocketGatewayServer gateway = (WebSocketGatewayServer) new WebSocketTransportProvider().newGatewayServer(GatewayConfig.builder()
        .host("127.0.0.1").prefetch(REQUESTS).option(WebSocketOptions.MAX_QUEUED_BYTES, 1L << 20).build(), handler);
    gateway.start().join();
    int port = gateway.address().port();
    try (RawSocket slow = new RawSocket(port, 4096)) {
      for (int i = 0; i < REQUESTS; i++) {
        slow.sendBinary(ProtoCodec.encode(Request.builder(RequestType.INDEX).id("r" + i).build()).toByteArray());
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> gateway.openSockets() == 0);

      try (JdkSocket other = JdkSocket.open(port, "")) {
        other.sendBinary(ProtoCodec.encode(Request.builder(RequestType.INDEX).id("other").build()).toByteArray());
        assertEquals("other", RequestProto.parseFrom(other.next().binary()).getRequestId(), "other sockets are served");
      }

      int responses = 0;
      RawSocket.Frame frame;
      while ((frame = slow.read()).opcode() == 2) {
        responses++;
      }
      assertEquals(8, frame.opcode(), "after the responses already queued comes a close frame");
      assertEquals(1008, frame.closeCode());
      assertTrue(frame.closeReason().contains("not reading") && frame.closeReason().contains("websocket.max_queued_bytes=1048576"),
          frame.closeReason());
      assertTrue(responses < REQUESTS, "the gateway stopped queueing responses; " + responses + " of " + REQUESTS + " were sent");
    } finally {
      gateway.close();
    }
  }
}
