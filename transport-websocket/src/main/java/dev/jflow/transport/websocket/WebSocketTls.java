package dev.jflow.transport.websocket;

import dev.jflow.api.TlsConfig;
import dev.jflow.api.spi.Tls;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.ssl.SSLEngineConfigurator;

/**
 * TLS for the websocket transport: HTTPS and WSS on the gateway's one Grizzly port, and WSS for the
 * client, over {@link Tls}'s key and trust managers, so renewed certificate files are used by new
 * connections.
 */
final class WebSocketTls {
  private WebSocketTls() {}

  /**
   * Makes {@code listener} serve TLS only.
   *
   * @throws dev.jflow.api.FlowException INVALID_ARGUMENT naming the files that cannot be used
   */
  static void secure(NetworkListener listener, TlsConfig config) {
    Tls tls = Tls.forServer(config);
    listener.setSecure(true);
    listener.registerAddOn(new AlertingSslFilter.Installer());
    listener.registerAddOn(new PlaintextRefusal.Installer());
    listener.setSSLEngineConfig(new SSLEngineConfigurator(tls.sslContext(), false,
        tls.clientAuth() == TlsConfig.ClientAuth.REQUIRE, tls.clientAuth() == TlsConfig.ClientAuth.OPTIONAL));
  }

  /** Why a connection failed, in words, with the TLS failure among its causes explained. */
  static String why(Throwable error, boolean plaintext) {
    String tls = Tls.describe(error);
    if (tls != null) {
      return tls;
    }
    Throwable root = error;
    boolean refused = false;
    boolean io = false;
    for (Throwable c = error; c != null && c.getCause() != c; c = c.getCause()) {
      refused |= c instanceof java.net.ConnectException;
      io |= c instanceof java.io.IOException;
      root = c;
    }
    String why = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    boolean cut = io && !refused; // not a status the gateway answered with
    if (plaintext && (cut || why.contains("not 101: 400"))) { // a TLS port answers plaintext with 400 (PlaintextRefusal)
      return why + "; " + Tls.PLAINTEXT_HINT;
    }
    return !plaintext && cut ? why + "; " + Tls.MUTUAL_HINT : why;
  }
}
