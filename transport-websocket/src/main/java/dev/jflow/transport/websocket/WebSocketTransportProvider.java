package dev.jflow.transport.websocket;

import dev.jflow.api.ClientConfig;
import dev.jflow.api.GatewayConfig;
import dev.jflow.api.spi.ClientTransport;
import dev.jflow.api.spi.GatewayServer;
import dev.jflow.api.spi.RequestHandler;
import dev.jflow.api.spi.TransportProvider;

/**
 * The {@code websocket} transport, Jina's restful gateway: WebSocket {@code /stream} and HTTP JSON
 * endpoints on one port (Tyrus over Grizzly), and a WebSocket client. Priority 6, below gRPC's 8:
 * chosen by name ({@code protocol("websocket")} or {@code restful(true)}) rather than by default.
 */
public final class WebSocketTransportProvider implements TransportProvider {
  /** The name configuration uses. */
  public static final String NAME = "websocket";

  private final WebSocketSettings settings;

  /** Needed by ServiceLoader: the gateway's settings come from {@code jflow.websocket.*} system properties. */
  public WebSocketTransportProvider() {
    this.settings = null;
  }

  /** A provider whose gateways use {@code settings}, for registering by hand. */
  public WebSocketTransportProvider(WebSocketSettings settings) {
    this.settings = java.util.Objects.requireNonNull(settings, "settings");
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int priority() {
    return 6;
  }

  @Override
  public boolean isAvailable() {
    try {
      ClassLoader loader = WebSocketTransportProvider.class.getClassLoader();
      Class.forName("org.glassfish.tyrus.core.TyrusWebSocketEngine", false, loader);
      Class.forName("org.glassfish.grizzly.http.server.HttpServer", false, loader);
      Class.forName("org.glassfish.tyrus.client.ClientManager", false, loader);
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /**
   * {@inheritDoc}
   *
   * @throws dev.jflow.api.FlowException INVALID_ARGUMENT when a {@code jflow.websocket.*} system property is invalid
   */
  @Override
  public GatewayServer newGatewayServer(GatewayConfig config, RequestHandler handler) {
    WebSocketSettings s = settings != null ? settings : WebSocketSettings.fromProperties(System.getProperties());
    return new WebSocketGatewayServer(config, handler, s);
  }

  @Override
  public ClientTransport newClientTransport(ClientConfig config) {
    return new WebSocketClientTransport(config);
  }
}
