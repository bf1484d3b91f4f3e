package dev.jflow.transport.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.GatewayConfig;
import dev.jflow.api.Request;
import dev.jflow.api.RequestType;
import dev.jflow.api.spi.GatewayServer;
import dev.jflow.api.testing.EchoHandler;
import dev.jflow.api.testing.HeldHandler;
import dev.jflow.proto.ProtoCodec;
import dev.jflow.proto.jina.RequestProto;
import dev.jflow.transport.grpc.testing.CollectingStreamObserver;
import dev.jflow.transport.grpc.testing.PlaintextChannel;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A slow Flow holds a fast client to the gateway's prefetch window instead of buffering its whole input. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BackpressureTest {

  @Test
  void theGatewayTakesNoMoreThanPrefetchRequestsFromAStreamUntilItAnswers() {
    HeldHandler handler = new HeldHandler();
    GatewayServer server = new GrpcTransportProvider().newGatewayServer(
        GatewayConfig.defaults().withHost("127.0.0.1").withPrefetch(5), handler);
    server.start().join();
    PlaintextChannel channel = PlaintextChannel.to(server.address().port());
    try {
      CollectingStreamObserver<RequestProto> answers = new CollectingStreamObserver<>();
      StreamObserver<RequestProto> out = channel.bidi(JinaRpc.CLIENT_METHOD, answers);
      int total = 200;
      for (int i = 0; i < total; i++) {
        out.onNext(ProtoCodec.encode(Request.builder(RequestType.INDEX).build()));
      }
      out.onCompleted();
      Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> handler.received() == 5);
      Awaitility.await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> handler.received() == 5);
      // each answer lets exactly one more request in
      Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(1)).until(() -> {
        handler.answerAll();
        return answers.items.size() == total;
      });
      answers.done.join();
      assertEquals(total, handler.received());
      assertEquals(total, answers.items.size());
    } finally {
      channel.close();
      server.close();
    }
  }

  @Test
  void aClientThatNeverReadsStopsTheGatewayReadingItsStreamAndOthersAreStillServed() {
    EchoHandler handler = new EchoHandler();
    GatewayServer server = new GrpcTransportProvider().newGatewayServer(
        GatewayConfig.defaults().withHost("127.0.0.1").withPrefetch(5), handler);
    server.start().join();
    PlaintextChannel slow = PlaintextChannel.to(server.address().port());
    PlaintextChannel other = PlaintextChannel.to(server.address().port());
    try {
      StreamObserver<RequestProto> out = slow.bidi(JinaRpc.CLIENT_METHOD,
          new io.grpc.stub.ClientResponseObserver<RequestProto, RequestProto>() {
            @Override
            public void beforeStart(io.grpc.stub.ClientCallStreamObserver<RequestProto> requests) {
              requests.disableAutoInboundFlowControl(); // never asks for a response (the stub may take the first)
            }

            @Override
            public void onNext(RequestProto value) {}

            @Override
            public void onError(Throwable t) {}

            @Override
            public void onCompleted() {}
          });
      RequestProto big = ProtoCodec.encode(Request.builder(RequestType.INDEX)
          .docs(List.of(dev.jflow.api.Document.ofBuffer(new byte[20_000]))).build());
      int sent = 2_000;
      for (int i = 0; i < sent; i++) {
        out.onNext(big.toBuilder().setRequestId("r" + i).build());
      }
      // the gateway reads on until its unread answers fill the client's flow-control window (1 MiB, about
      // 50 answers) and gRPC's send buffer, then stops: a bound of a few dozen, not the 2,000 sent
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> handler.received.get() > 5);
      int[] seen = {handler.received.get()};
      Awaitility.await().pollDelay(Duration.ofMillis(500)).atMost(Duration.ofSeconds(10)).until(() -> {
        int now = handler.received.get();
        boolean still = now == seen[0];
        seen[0] = now;
        return still;
      });
      assertTrue(seen[0] < 400, "the gateway stopped reading the stream; it read " + seen[0] + " of " + sent);
      CompletableFuture<RequestProto> answer = new CompletableFuture<>();
      StreamObserver<RequestProto> second = other.bidi(JinaRpc.CLIENT_METHOD, new StreamObserver<>() {
        @Override
        public void onNext(RequestProto value) {
          answer.complete(value);
        }

        @Override
        public void onError(Throwable t) {
          answer.completeExceptionally(t);
        }

        @Override
        public void onCompleted() {}
      });
      second.onNext(big.toBuilder().setRequestId("other").build());
      second.onCompleted();
      assertEquals("other", answer.orTimeout(10, TimeUnit.SECONDS).join().getRequestId(), "another client is served meanwhile");
    } finally {
      slow.close();
      other.close();
      server.close();
    }
  }
}
