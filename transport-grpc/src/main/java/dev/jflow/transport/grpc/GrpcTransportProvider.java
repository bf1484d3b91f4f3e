package dev.jflow.transport.grpc;

import dev.jflow.api.ClientConfig;
import dev.jflow.api.GatewayConfig;
import dev.jflow.api.GatewayOption;
import dev.jflow.api.spi.ClientTransport;
import dev.jflow.api.spi.GatewayServer;
import dev.jflow.api.spi.RequestHandler;
import dev.jflow.api.spi.TransportProvider;
import java.util.List;

/**
 * The {@code grpc} transport (grpc-java over Netty). Priority 8: the default when on the class path.
 * Its gateway's own settings are the {@link GrpcOptions}.
 */
public final class GrpcTransportProvider implements TransportProvider {
  /** The name configuration uses. */
  public static final String NAME = "grpc";

  /** Needed by ServiceLoader. */
  public GrpcTransportProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int priority() {
    return 8;
  }

  @Override
  public boolean isAvailable() {
    try {
      Class.forName("io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder", false, GrpcTransportProvider.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /** {@link GrpcOptions#ALL}. */
  @Override
  public List<GatewayOption<?>> options() {
    return GrpcOptions.ALL;
  }

  /**
   * {@inheritDoc}
   *
   * @throws dev.jflow.api.FlowException INVALID_ARGUMENT when a {@code grpc.*} option is unknown or invalid
   */
  @Override
  public GatewayServer newGatewayServer(GatewayConfig config, RequestHandler handler) {
    validateOptions(config);
    return new GrpcGatewayServer(config, handler);
  }

  @Override
  public ClientTransport newClientTransport(ClientConfig config) {
    return new GrpcClientTransport(config);
  }
}
