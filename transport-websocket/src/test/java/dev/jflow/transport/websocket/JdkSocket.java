package dev.jflow.transport.websocket;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A client of {@code /stream} that is not ours: the JDK's {@link java.net.http.WebSocket}. Collects
 * whole binary and text messages, and the close the server sends.
 */
final class JdkSocket implements AutoCloseable {
  /** A message as received: bytes for binary frames, a string for text frames. */
  record Message(byte[] binary, String text) {}

  /** The close the server sent. */
  record Closed(int code, String reason) {}

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final BlockingQueue<Message> messages = new LinkedBlockingQueue<>();
  private final CompletableFuture<Closed> closed = new CompletableFuture<>();
  private final WebSocket socket;

  private JdkSocket(int port, String query, Map<String, String> headers, List<String> subprotocols) throws Exception {
    WebSocket.Builder b = HTTP.newWebSocketBuilder();
    headers.forEach(b::header);
    if (!subprotocols.isEmpty()) {
      b.subprotocols(subprotocols.get(0), subprotocols.subList(1, subprotocols.size()).toArray(String[]::new));
    }
    this.socket = b.buildAsync(URI.create("ws://127.0.0.1:" + port + "/stream" + query), new Listener()).get(10, TimeUnit.SECONDS);
  }

  /** Connects to the gateway on 127.0.0.1:{@code port}; {@code query} is appended to the path (e.g. "?timeout_ms=5"). */
  static JdkSocket open(int port, String query) throws Exception {
    return new JdkSocket(port, query, Map.of(), List.of());
  }

  /** Connects with extra upgrade {@code headers} and offering {@code subprotocols} (as a browser may). */
  static JdkSocket open(int port, Map<String, String> headers, List<String> subprotocols) throws Exception {
    return new JdkSocket(port, "", headers, subprotocols);
  }

  /** The subprotocol the server selected; empty for none. */
  String subprotocol() {
    return socket.getSubprotocol();
  }

  void sendBinary(byte[] bytes) throws Exception {
    socket.sendBinary(ByteBuffer.wrap(bytes), true).get(10, TimeUnit.SECONDS);
  }

  /** Sends {@code bytes} unless the server closed the socket already (it refused the client at once). */
  void sendIfOpen(byte[] bytes) throws Exception {
    try {
      sendBinary(bytes);
    } catch (java.util.concurrent.ExecutionException e) {
      if (!closed.isDone() && !(e.getCause() instanceof java.io.IOException)) {
        throw e;
      }
    }
  }

  /** Sends the end-of-input marker, a binary frame holding the byte 0x00, unless the server closed the socket already. */
  void sendEndMarker() throws Exception {
    sendIfOpen(new byte[] {0});
  }

  void sendText(String text) throws Exception {
    socket.sendText(text, true).get(10, TimeUnit.SECONDS);
  }

  /** The next message, waiting up to 10 s; null if none came. */
  Message next() throws InterruptedException {
    return messages.poll(10, TimeUnit.SECONDS);
  }

  /** The server's close, waiting up to 10 s. */
  Closed closed() throws Exception {
    return closed.get(10, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    socket.abort();
  }

  private final class Listener implements WebSocket.Listener {
    private final java.io.ByteArrayOutputStream binary = new java.io.ByteArrayOutputStream();
    private final StringBuilder text = new StringBuilder();

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
      byte[] b = new byte[data.remaining()];
      data.get(b);
      binary.write(b, 0, b.length);
      if (last) {
        messages.add(new Message(binary.toByteArray(), null));
        binary.reset();
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        messages.add(new Message(null, text.toString()));
        text.setLength(0);
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closed.complete(new Closed(statusCode, reason));
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      closed.completeExceptionally(error);
    }
  }
}
