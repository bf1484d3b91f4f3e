package dev.jflow.transport.websocket;

import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.Map;
import java.util.Set;
import org.glassfish.tyrus.core.TyrusWebSocketEngine;
import org.glassfish.tyrus.server.TyrusServerContainer;
import org.glassfish.tyrus.spi.WebSocketEngine;

/**
 * The Tyrus container of the gateway's one WebSocket endpoint. We run Grizzly ourselves (so that HTTP
 * handlers share the port) and plug Tyrus in with its {@code WebSocketAddOn}; this container only holds
 * the engine.
 */
final class StreamContainer extends TyrusServerContainer {
  static final String CONTEXT_PATH = "/";

  private final WebSocketEngine engine;

  /** A container whose engine buffers frames of up to {@code incomingBufferSize} bytes. */
  StreamContainer(int incomingBufferSize) {
    super((Set<Class<?>>) null);
    this.engine = TyrusWebSocketEngine.builder(this).incomingBufferSize(incomingBufferSize).build();
  }

  @Override
  public void register(Class<?> endpointClass) throws DeploymentException {
    engine.register(endpointClass, CONTEXT_PATH);
  }

  @Override
  public void register(ServerEndpointConfig config) throws DeploymentException {
    engine.register(config, CONTEXT_PATH);
  }

  @Override
  public WebSocketEngine getWebSocketEngine() {
    return engine;
  }

  @Override
  public Map<String, Object> getProperties() {
    return Map.of();
  }
}
