package dev.jflow.api.spi;

import dev.jflow.api.ClientConfig;
import dev.jflow.api.GatewayConfig;

/**
 * A transport (gRPC, WebSocket, in-process), found with {@link java.util.ServiceLoader}: register the
 * class in {@code META-INF/services/dev.jflow.api.spi.TransportProvider}. It needs a public no-arg
 * constructor that never throws. The gateway configuration picks a provider by {@link #name()}.
 */
public interface TransportProvider {

  /** The name configuration uses: {@code grpc}, {@code websocket}, {@code inprocess}. */
  String name();

  /** Higher wins when no protocol is configured and among providers of one name; 0 to 10, default 5. */
  default int priority() {
    return 5;
  }

  /** Whether this provider can work here (its libraries are present). Default true. */
  default boolean isAvailable() {
    return true;
  }

  /** A gateway server (not yet started) serving {@code handler}. */
  GatewayServer newGatewayServer(GatewayConfig config, RequestHandler handler);

  /** A client transport connected to the gateway at {@code config}'s address. */
  ClientTransport newClientTransport(ClientConfig config);
}
