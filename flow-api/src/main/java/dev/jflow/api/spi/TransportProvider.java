package dev.jflow.api.spi;

import dev.jflow.api.ClientConfig;
import dev.jflow.api.GatewayConfig;
import dev.jflow.api.GatewayOption;
import java.util.List;

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

  /**
   * The options this transport's gateway reads from {@link GatewayConfig#options()}, each named
   * {@code <name()>.<snake_case>}, with its form, default and description. Default: none.
   */
  default List<GatewayOption<?>> options() {
    return List.of();
  }

  /**
   * Checks the options of {@code config} named after this transport: each must be one of
   * {@link #options()} and its value in that option's form. Options of other transports are not
   * looked at. A transport with rules across options overrides this and calls the default first.
   *
   * @throws dev.jflow.api.FlowException INVALID_ARGUMENT naming every unknown option (with the known
   *     ones) and every bad value (with the form expected)
   */
  default void validateOptions(GatewayConfig config) {
    dev.jflow.api.internal.GatewayOptions.check(name(), options(), config);
  }

  /**
   * A gateway server (not yet started) serving {@code handler}, configured by {@code config}: one
   * protocol (this one), one port, and the options named after this transport.
   *
   * @throws dev.jflow.api.FlowException INVALID_ARGUMENT when this transport's options are invalid
   */
  GatewayServer newGatewayServer(GatewayConfig config, RequestHandler handler);

  /** A client transport connected to the gateway at {@code config}'s address. */
  ClientTransport newClientTransport(ClientConfig config);
}
