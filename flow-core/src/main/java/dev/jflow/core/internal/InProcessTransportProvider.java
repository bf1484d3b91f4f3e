package dev.jflow.core.internal;

import dev.jflow.api.ClientConfig;
import dev.jflow.api.GatewayConfig;
import dev.jflow.api.spi.ClientTransport;
import dev.jflow.api.spi.GatewayServer;
import dev.jflow.api.spi.RequestHandler;
import dev.jflow.api.spi.TransportProvider;

/**
 * The {@code inprocess} transport: clients and gateway in one JVM, requests handed over as objects
 * with no serialization and no copies. Priority 1, so a network transport on the class path wins when
 * no protocol is configured.
 */
public final class InProcessTransportProvider implements TransportProvider {
  /** The name configuration uses. */
  public static final String NAME = "inprocess";

  /** Needed by ServiceLoader. */
  public InProcessTransportProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int priority() {
    return 1;
  }

  @Override
  public GatewayServer newGatewayServer(GatewayConfig config, RequestHandler handler) {
    return new InProcessGatewayServer(config, handler);
  }

  @Override
  public ClientTransport newClientTransport(ClientConfig config) {
    return new InProcessClientTransport(config.host(), config.token());
  }
}
