package dev.jflow.transport.websocket;

import dev.jflow.api.spi.TraceContext;
import jakarta.websocket.ClientEndpointConfig;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * Keeps the client's handshake free of an {@code Origin} header. Tyrus adds one naming the gateway's own
 * address, as if the client were a page served by the gateway; the gateway refuses sockets from origins
 * its {@code websocket.cors} does not allow, and a client that is not a browser has no origin to claim.
 * With a token, the handshake carries {@code Authorization: Bearer <token>}; with a trace context, its
 * {@code traceparent} and {@code tracestate} headers.
 */
final class NoOrigin extends ClientEndpointConfig.Configurator {
  private final String token;
  private final TraceContext trace;

  private NoOrigin(String token, TraceContext trace) {
    this.token = token;
    this.trace = trace;
  }

  /**
   * The endpoint configuration of one client socket; {@code token} null for none, {@code trace} null or
   * {@link TraceContext#none()} for none, {@code tls} null for plaintext.
   */
  static ClientEndpointConfig config(String token, TraceContext trace, SSLContext tls) {
    return ClientEndpointConfig.Builder.create().configurator(new NoOrigin(token, trace == null ? TraceContext.none() : trace))
        .sslContext(tls).build();
  }

  @Override
  public void beforeRequest(Map<String, List<String>> headers) {
    headers.keySet().removeIf(name -> name.equalsIgnoreCase("Origin"));
    if (token != null) {
      headers.put("Authorization", List.of("Bearer " + token));
    }
    trace.headers().forEach((name, value) -> headers.put(name, List.of(value)));
  }
}
