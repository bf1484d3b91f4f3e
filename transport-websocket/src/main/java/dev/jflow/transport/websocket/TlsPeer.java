package dev.jflow.transport.websocket;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.ssl.SSLUtils;

/**
 * The identity of a connection's TLS peer, for the {@link dev.jflow.api.spi.Credentials} an HTTP call
 * presents: the subject of the client certificate a mutual TLS handshake checked.
 */
final class TlsPeer {
  private TlsPeer() {}

  /** The subject of {@code connection}'s client certificate; null over plaintext or without one. */
  static String of(Connection<?> connection) {
    SSLEngine engine = connection == null ? null : SSLUtils.getSSLEngine(connection);
    if (engine == null) {
      return null;
    }
    try {
      return engine.getSession().getPeerPrincipal().getName();
    } catch (SSLPeerUnverifiedException noCertificate) {
      return null;
    }
  }
}
