package dev.jflow.core.internal;

import dev.jflow.api.GatewayConfig;
import dev.jflow.api.spi.Caller;
import dev.jflow.api.spi.Credentials;
import dev.jflow.api.spi.Role;
import dev.jflow.api.spi.TransportAddress;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/** The one warning a gateway gives at start when anyone on the network may send it data without a token. */
final class GatewayExposure {
  private GatewayExposure() {}

  /**
   * The warning for a gateway configured by {@code config} and serving at {@code address}, if it binds
   * an address other hosts can reach and its authenticator lets callers without a token send data.
   */
  static Optional<String> warning(String flow, GatewayConfig config, TransportAddress address) {
    if (address.protocol().equals(InProcessTransportProvider.NAME) || isLoopback(config.host()) || !takesAnonymousData(config)) {
      return Optional.empty();
    }
    return Optional.of("Flow '" + flow + "': the " + address.protocol() + " gateway at " + config.host() + ":" + address.port()
        + " lets anyone who can reach it send data (index, search, update, delete) without a token; control commands"
        + " need an admin token. Configure data tokens (JFLOW_DATA_TOKENS or --data-tokens-file for jflow flow and"
        + " jflow pod, 'auth' in the Flow YAML's 'with', or GatewayConfig.builder().authenticator(...)), or bind 127.0.0.1");
  }

  private static boolean takesAnonymousData(GatewayConfig config) {
    try {
      Caller c = config.authenticator().authenticate(Credentials.none());
      return c != null && c.has(Role.DATA);
    } catch (RuntimeException refused) { // a FlowException: it refuses callers without a token
      return false;
    }
  }

  private static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host.startsWith("[") ? host.substring(1, host.length() - 1) : host).isLoopbackAddress();
    } catch (UnknownHostException | RuntimeException e) {
      return false;
    }
  }
}
