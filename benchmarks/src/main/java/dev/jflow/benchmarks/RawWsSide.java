package dev.jflow.benchmarks;

import dev.jflow.proto.jina.RequestProto;
import dev.jflow.proto.jina.StatusProto;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import org.glassfish.tyrus.client.ClientManager;
import org.glassfish.tyrus.client.ClientProperties;

/**
 * The WebSocket baseline's client: a plain Tyrus client that opens one socket to {@code /stream} per
 * round (as JFlow's WebSocket client opens one per call), keeps {@code prefetch} binary RequestProto
 * frames in flight and ends with the {@code 0x00} frame. Frames are serialized while timed.
 */
final class RawWsSide implements Side {
  private static final ByteBuffer END_OF_INPUT = ByteBuffer.wrap(new byte[] {0}).asReadOnlyBuffer();

  private final String name;
  private final Settings settings;
  private final List<RequestProto> requests;
  private final Map<String, Integer> indexOf = new HashMap<>();
  private final int docs;
  private final URI uri;
  private final ClientManager manager;

  /** A client of the WebSocket echo at {@code ws://127.0.0.1:port/stream}. */
  RawWsSide(String name, Settings settings, List<Payloads.Doc> data, int port) {
    this.name = name;
    this.settings = settings;
    this.docs = data.size();
    this.requests = Payloads.indexRequests(data, settings.requestSize(), 7);
    for (int i = 0; i < requests.size(); i++) {
      indexOf.put(requests.get(i).getRequestId(), i);
    }
    this.uri = URI.create("ws://127.0.0.1:" + port + "/stream");
    this.manager = ClientManager.createClient();
    manager.getProperties().put(ClientProperties.SHARED_CONTAINER, true);
    manager.getProperties().put(ClientProperties.INCOMING_BUFFER_SIZE, WsEcho.BUFFER);
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
    Endpoint endpoint = new Endpoint() {
      @Override
      public void onOpen(Session session, EndpointConfig config) {
        session.addMessageHandler(ByteBuffer.class, (MessageHandler.Whole<ByteBuffer>) frame -> {
          long now = System.nanoTime();
          try {
            RequestProto response = RequestProto.parseFrom(frame);
            int i = indexOf.get(response.getRequestId());
            latency[i] = now - sent.get(i);
            if (response.getStatus().getCode() != StatusProto.StatusCode.SUCCESS) {
              errors.incrementAndGet();
            }
          } catch (IOException e) {
            errors.incrementAndGet();
          }
          if (answered.incrementAndGet() == n) {
            done.complete(null);
          }
          window.release();
        });
      }

      @Override
      public void onClose(Session session, CloseReason reason) {
        if (!done.isDone()) {
          done.completeExceptionally(new IllegalStateException(name + ": closed early: " + reason));
          window.release(n);
        }
      }

      @Override
      public void onError(Session session, Throwable t) {
        done.completeExceptionally(t);
        window.release(n);
      }
    };
    long start = System.nanoTime();
    Session session = manager.connectToServer(endpoint, ClientEndpointConfig.Builder.create().build(), uri);
    try {
      for (int i = 0; i < n && !done.isDone(); i++) {
        if (!window.tryAcquire(settings.timeoutSeconds(), TimeUnit.SECONDS)) {
          throw new IllegalStateException(name + ": no room in the window after " + settings.timeoutSeconds() + " s");
        }
        sent.set(i, System.nanoTime());
        session.getAsyncRemote().sendBinary(ByteBuffer.wrap(requests.get(i).toByteArray()));
      }
      session.getAsyncRemote().sendBinary(END_OF_INPUT.duplicate());
      done.get(settings.timeoutSeconds(), TimeUnit.SECONDS);
    } finally {
      session.close();
    }
    long wall = System.nanoTime() - start;
    if (answered.get() != n || errors.get() != 0) {
      throw new IllegalStateException(name + ": " + answered.get() + " of " + n + " requests answered, "
          + errors.get() + " with an error status");
    }
    return new RoundResult(wall, docs, latency);
  }

  @Override
  public void close() {
    manager.shutdown();
  }
}
