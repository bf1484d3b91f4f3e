package dev.jflow.transport.websocket;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jflow.api.Document;
import dev.jflow.api.GatewayConfig;
import dev.jflow.api.Request;
import dev.jflow.api.RequestType;
import dev.jflow.api.Response;
import dev.jflow.api.Status;
import dev.jflow.api.spi.RequestHandler;
import dev.jflow.proto.ProtoCodec;
import dev.jflow.proto.jina.RequestProto;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A client that keeps sending requests on {@code /stream} and never reads: the gateway gives up on it
 * once maxQueuedBytes wait to be written, frees its session at once, and serves other sockets. (The
 * 1008 close frame waits behind the bytes already queued, so a client that never reads cannot see it;
 * see the README.)
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class NeverReadingClientTest {
  @Test
  void theGatewayFreesTheSessionOfAClientThatNeverReads() throws Exception {
    RequestHandler bigAnswers = new RequestHandler() {
      @Override
      public CompletableFuture<Response> handle(Request request, Duration timeout) {
        return CompletableFuture.completedFuture(new Response(request.id(), request.type(),
            List.of(Document.ofBuffer(new byte[256 * 1024])), List.of(), List.of(), null, Status.SUCCESS, List.of()));
      }

      @Override
      public boolean isReady() {
        return true;
      }
    };
    WebSocketGatewayServer gateway = (WebSocketGatewayServer) new WebSocketTransportProvider().newGatewayServer(
        GatewayConfig.builder().host("127.0.0.1").prefetch(1000).option("websocket.max_queued_bytes", 1 << 20)
            .option("websocket.worker_threads", 8).build(), bigAnswers);
    gateway.start().join();
    int port = gateway.address().port();
    byte[] request = ProtoCodec.encode(Request.builder(RequestType.INDEX).id("r").build()).toByteArray();
    try (RawSocket never = new RawSocket(port, 4096)) {
      await().atMost(Duration.ofSeconds(5)).until(() -> gateway.openSockets() == 1);
      try {
        for (int i = 0; i < 2_000 && gateway.openSockets() > 0; i++) {
          never.sendBinary(request);
        }
      } catch (IOException refused) {
        // the gateway may stop reading this socket; that is fine
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> gateway.openSockets() == 0);

      try (JdkSocket other = JdkSocket.open(port, "")) {
        other.sendBinary(ProtoCodec.encode(Request.builder(RequestType.INDEX).id("other").build()).toByteArray());
        assertEquals("other", RequestProto.parseFrom(other.next().binary()).getRequestId(), "other sockets are served");
      }
    } finally {
      gateway.close();
    }
  }
}
