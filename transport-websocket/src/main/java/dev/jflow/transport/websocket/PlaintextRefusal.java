package dev.jflow.transport.websocket;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.EmptyCompletionHandler;
import org.glassfish.grizzly.Grizzly;
import org.glassfish.grizzly.WriteResult;
import org.glassfish.grizzly.attributes.Attribute;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.memory.Buffers;
import org.glassfish.grizzly.ssl.SSLBaseFilter;

/**
 * On a TLS port, answers a plaintext HTTP request (a {@code ws://} or {@code http://} client) with a
 * plaintext 400 saying the gateway serves TLS, and closes, rather than let TLS drop the connection
 * without a word: a WebSocket client would wait for its handshake timeout and learn nothing.
 */
final class PlaintextRefusal extends BaseFilter {
  private static final Attribute<Boolean> SEEN = Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute(PlaintextRefusal.class.getName());
  private static final byte[] REPLY;

  static {
    byte[] body = ("This JFlow gateway serves TLS: connect with https:// or wss:// (ClientConfig tls, jflow --tls-ca).\n")
        .getBytes(StandardCharsets.UTF_8);
    String head = "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\nContent-Length: "
        + body.length + "\r\n\r\n";
    byte[] h = head.getBytes(StandardCharsets.US_ASCII);
    REPLY = new byte[h.length + body.length];
    System.arraycopy(h, 0, REPLY, 0, h.length);
    System.arraycopy(body, 0, REPLY, h.length, body.length);
  }

  @Override
  @SuppressWarnings("rawtypes") // FilterChainContext.write takes a CompletionHandler of the raw WriteResult
  public NextAction handleRead(FilterChainContext ctx) throws IOException {
    Connection<?> c = ctx.getConnection();
    Buffer in = ctx.getMessage();
    if (SEEN.isSet(c) || in == null || !in.hasRemaining()) {
      return ctx.getInvokeAction();
    }
    SEEN.set(c, Boolean.TRUE);
    byte first = in.get(in.position());
    if (first < 'A' || first > 'Z') { // not an HTTP method: TLS (a handshake record starts with 0x16), or for TLS to refuse
      return ctx.getInvokeAction();
    }
    in.tryDispose();
    ctx.write(Buffers.wrap(c.getMemoryManager(), REPLY), new EmptyCompletionHandler<WriteResult>() {
      @Override
      public void completed(WriteResult result) {
        c.closeSilently();
      }

      @Override
      public void failed(Throwable t) {
        c.closeSilently();
      }
    });
    return ctx.getStopAction();
  }

  /** Puts the filter in front of the listener's TLS filter. */
  static final class Installer implements AddOn {
    @Override
    public void setup(NetworkListener listener, FilterChainBuilder builder) {
      int i = builder.indexOfType(SSLBaseFilter.class);
      if (i >= 0) {
        builder.add(i, new PlaintextRefusal());
      }
    }
  }
}
