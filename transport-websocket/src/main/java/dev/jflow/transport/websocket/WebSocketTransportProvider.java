package dev.jflow.transport.websocket;

import dev.jflow.api.ClientConfig;
import dev.jflow.api.GatewayConfig;
import dev.jflow.api.GatewayOption;
import dev.jflow.api.spi.ClientTransport;
import dev.jflow.api.spi.GatewayServer;
import dev.jflow.api.spi.RequestHandler;
import dev.jflow.api.spi.TransportProvider;
import java.util.List;

/**
 * The {@code websocket} transport, Jina's restful gateway: WebSocket {@code /stream} and HTTP JSON
 * endpoints on one port (Tyrus over Grizzly), and a WebSocket client. Priority 6, below gRPC's 8:
 * chosen by name ({@code protocol("websocket")} or {@code restful(true)}) rather than by default. Its
 * gateway's own settings are the {@link WebSocketOptions}.
 */
public final class WebSocketTransportProvider implements TransportProvider {
  /** The name configuration uses. */
  public static final String NAME = "websocket";

  /** Needed by ServiceLoader. */
  public WebSocketTransportProvider() {}

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

  /** {@link WebSocketOptions#ALL}. */
  @Override
  public List<GatewayOption<?>> options() {
    return WebSocketOptions.ALL;
  }

  /**
   * {@inheritDoc}
   *
   * @throws dev.jflow.api.FlowException INVALID_ARGUMENT when a {@code websocket.*} option is unknown or
   *     invalid, or a retired {@code jflow.websocket.*} system property is still set
   */
  @Override
  public GatewayServer newGatewayServer(GatewayConfig config, RequestHandler handler) {
    validateOptions(config);
    RetiredProperties.check(System.getProperties());
    return new WebSocketGatewayServer(config, handler, WebSocketSettings.of(config));
  }

  @Override
  public ClientTransport newClientTransport(ClientConfig config) {
    return new WebSocketClientTransport(config);
  }
}
